// The command-line modes in one module, which main.ts loads on first use: in dist/fn.js this is
// a unit of its own, compiled only when a command runs, so the KRM function never parses it.
export { runCheck } from './check.js';
export { runExplain } from './explain.js';
export { runProbe } from './probe.js';
export { runRegistriesConf } from './registries-conf.js';
