// Baseline for start-up: node running an empty script.
