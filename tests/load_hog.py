"""Run a command with CPU and memory hogs beside it: how the grader's verdicts are checked on a busy machine.

    python tests/load_hog.py [--cpu N] [--memory-mib M] [--runs R] -- COMMAND ...

Starts N processes that spin and one that keeps M MiB resident (touching it continually), runs
COMMAND R times in a row (stopping at the first failure), then stops the hogs; the exit status
is COMMAND's. `make test-under-load` runs the grader tests this way.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import time


def spin() -> None:
    os.nice(0)
    while True:
        pass


def hold(mib: int) -> None:
    block = bytearray(mib * 1024 * 1024)
    while True:
        for offset in range(0, len(block), 4096):
            block[offset] = (block[offset] + 1) % 256
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory-mib", type=int, default=2048)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    hogs = [multiprocessing.Process(target=spin, daemon=True) for _ in range(args.cpu)]
    if args.memory_mib:
        hogs.append(multiprocessing.Process(target=hold, args=(args.memory_mib,), daemon=True))
    for hog in hogs:
        hog.start()
    code = 0
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            code = subprocess.call(command)
            print(
                f"load_hog: run {run}/{args.runs} exit {code} in {time.monotonic() - started:.0f} s",
                file=sys.stderr,
            )
            if code:
                break
    finally:
        for hog in hogs:
            if hog.pid is not None:
                os.kill(hog.pid, signal.SIGKILL)
            hog.join()
    return code


if __name__ == "__main__":
    sys.exit(main())
