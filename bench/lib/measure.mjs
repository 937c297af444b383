// Runs one command with a hard timeout and measures its wall time and peak RSS.
//
// Peak RSS (the kernel's high-water mark of the process's resident set, ru_maxrss) is
// read, in order of preference, by:
//   1. gnu-time     /usr/bin/time -f %M -o FILE CMD  (Debian package `time`; exact)
//   2. python-wait4 bench/lib/maxrss.py, os.wait4's ru_maxrss (exact)
//   3. proc-poll    polling /proc/<pid>/status VmHWM every few ms while the command
//                   runs: a lower bound, since the last moments before exit are missed
// BENCH_RSS=gnu-time|python-wait4|proc-poll forces one. Wall time is taken in this
// process around the spawn (gnu-time's exec adds ~1 ms alike to every command); with
// python-wait4 the wrapper reports the child's own wall time, so python's start-up is
// not counted.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HERE = import.meta.dirname;
const GNU_TIME = '/usr/bin/time';

function works(cmd, args) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? r : undefined;
  } catch {
    return undefined;
  }
}

let scratch;
function scratchFile(name) {
  scratch ??= mkdtempSync(join(tmpdir(), 'itm-bench-'));
  return join(scratch, name);
}
process.on('exit', () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Which RSS method this machine supports (see the header). */
export function detectRssMethod() {
  const forced = process.env.BENCH_RSS;
  if (forced) return forced;
  if (existsSync(GNU_TIME)) {
    const out = scratchFile('probe');
    if (works(GNU_TIME, ['-f', '%M', '-o', out, 'true']) && /^\d+\s*$/m.test(readFileSync(out, 'utf8')))
      return 'gnu-time';
  }
  if (works('python3', ['-c', 'import os; os.wait4; os.waitstatus_to_exitcode'])) return 'python-wait4';
  return 'proc-poll';
}

function vmHwmKiB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * @param {object} o
 * @param {string} o.cmd
 * @param {string[]} [o.args]
 * @param {string|null} [o.stdin]  a file to read stdin from (null: /dev/null)
 * @param {string|null} [o.stdout] a file to write stdout to (null: discarded)
 * @param {string} [o.cwd]
 * @param {Record<string, string>} [o.env] added to this process's environment
 * @param {number} o.timeoutMs     the process group is SIGKILLed after this
 * @param {string} o.method        from detectRssMethod()
 * @returns {Promise<{wallMs:number, rssKiB:number|null, rssExact:boolean, code:number|null, signal:string|null, timedOut:boolean, stderr:string}>}
 */
export function measure(o) {
  const args = o.args ?? [];
  const inFd = openSync(o.stdin ?? '/dev/null', 'r');
  const outFd = openSync(o.stdout ?? '/dev/null', 'w');
  const rssFile = scratchFile('rss');
  rmSync(rssFile, { force: true });
  let cmd = o.cmd,
    argv = args;
  if (o.method === 'gnu-time') [cmd, argv] = [GNU_TIME, ['-f', '%M', '-o', rssFile, o.cmd, ...args]];
  else if (o.method === 'python-wait4') [cmd, argv] = ['python3', [join(HERE, 'maxrss.py'), rssFile, o.cmd, ...args]];

  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    // Its own process group, so a timeout kills the wrapper and the command together.
    const env = o.env ? { ...process.env, ...o.env } : undefined;
    const child = spawn(cmd, argv, { stdio: [inFd, outFd, 'pipe'], cwd: o.cwd, env, detached: true });
    closeSync(inFd);
    closeSync(outFd);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }, o.timeoutMs);
    let polled = 0;
    const poller =
      o.method === 'proc-poll' ? setInterval(() => (polled = Math.max(polled, vmHwmKiB(child.pid))), 2) : undefined;
    child.on('error', (e) => {
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const wallNs = Number(process.hrtime.bigint() - t0);
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      let wallMs = wallNs / 1e6;
      let rssKiB = null;
      let rssExact = false;
      if (o.method === 'proc-poll') {
        rssKiB = polled || null;
      } else if (existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8');
        if (o.method === 'gnu-time') {
          // GNU time writes "Command exited with non-zero status N" before the value.
          const m = /(\d+)\s*$/.exec(text);
          if (m) [rssKiB, rssExact] = [Number(m[1]), true];
        } else {
          const [ns, kib] = text.trim().split(/\s+/).map(Number);
          if (Number.isFinite(ns) && Number.isFinite(kib)) [wallMs, rssKiB, rssExact] = [ns / 1e6, kib, true];
        }
      }
      if (timedOut) stderr += `\n[bench] killed after ${o.timeoutMs} ms`;
      resolve({ wallMs, rssKiB, rssExact, code, signal, timedOut, stderr });
    });
  });
}

export const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
