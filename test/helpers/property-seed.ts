// Property tests run with one fixed seed, so that a CI run is reproducible and a red build
// names the counterexample again on the next run. PROP_SEED=<n> (or PROP_SEED=random) explores
// other seeds; PROP_RUNS (where a test reads it) explores more runs.
import fc from 'fast-check';

const env = process.env.PROP_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env === undefined ? 20261201 : Number(env) });
