#!/usr/bin/env python3
# Fallback peak-memory probe when /usr/bin/time is missing:
#   maxrss.py OUT CMD [ARG...]
# runs CMD (inheriting stdin/stdout/stderr), waits for it with wait4 and writes
# "<wall ns> <ru_maxrss KiB> <exit code or -signal>" to OUT; exits with CMD's code.
import os, sys, time

out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter_ns()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter_ns() - t0
code = os.waitstatus_to_exitcode(status)
with open(out, "w") as f:
    f.write(f"{wall} {usage.ru_maxrss} {code}\n")
sys.exit(code if code >= 0 else 128 - code)
