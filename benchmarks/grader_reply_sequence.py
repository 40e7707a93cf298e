"""The trusted parent under the worst *sequence* of replies a submission can send (issue 9, point 1).

    python benchmarks/grader_reply_sequence.py [--mib 200] [--memory-mib 2048]

One reply is bounded on its own (256 MiB), but hidden tests call a submission many times and the
parent keeps what comes back: a test's list of results, a failed test's locals (pytest's
`sys.last_traceback`), assertion operands. This grades, in a fresh process (so its peak RSS is
its own), a submission whose every call returns a `--mib` MiB tensor, against hidden tests that
keep 12 results in one test, fail while holding 3 (four times in a row), and call 20 times
discarding each result. It prints the parent's peak RSS over its own start (torch imported,
zygote ready), the slowest decode of one reply (codec.decode, inside the call's deadline) and
the verdicts. Run it before and after a change to the reply budget.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

HIDDEN = """
import torch


def test_keeps_twelve_results(student):
    values = [student.big(i) for i in range(12)]
    assert all(v.numel() > 0 for v in values)


def _fails_holding_three(student):
    a, b, c = student.big(0), student.big(1), student.big(2)
    assert int(a[0]) + int(b[0]) + int(c[0]) < 0


test_fails_holding_three_1 = _fails_holding_three
test_fails_holding_three_2 = _fails_holding_three
test_fails_holding_three_3 = _fails_holding_three
test_fails_holding_three_4 = _fails_holding_three


def test_twenty_calls_discarding(student):
    for i in range(20):
        assert student.big(i).numel() > 0
"""

SUBMISSION = (
    "import torch\n\ndef big(i):\n    return torch.full(({size},), i % 7, dtype=torch.uint8)\n"
)

PROBE = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, "tests/grader")
from grader_toys import write_exercise
from dlprep.exercises.registry import get_exercise
from dlprep.grader.grading import Grader, prepare_grading_process
from dlprep.grader.sandbox_lib.dlprep_common import codec
from dlprep.grader.submission import Submission

hidden, source, memory_mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
slowest = [0.0]
original = codec.decode
def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        slowest[0] = max(slowest[0], time.perf_counter() - started)
codec.decode = timed
pack = Path(tempfile.mkdtemp())
write_exercise(pack, "big", "big", "big(i)", hidden, "def big(i):\\n    return i\\n",
               f"{{wall_seconds: 300, call_seconds: 30, memory_mib: {memory_mib}}}")
prepare_grading_process()
with Grader() as grader:
    grader.wait_ready()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = grader.grade(get_exercise("big", [pack]), Submission.from_text(source, "sub.py"))
    elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "mode": grader.mode, "base_mib": base / 1024, "peak_extra_mib": (peak - base) / 1024,
    "slowest_decode_s": slowest[0], "seconds": elapsed,
    "tests": [[t.name.split("::")[-1], t.status, t.output.splitlines()[0][:90] if t.output else ""]
              for t in report.tests],
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=200, help="MiB per reply (cap: 256)")
    parser.add_argument("--memory-mib", type=int, default=2048, help="the exercise's memory_mib")
    options = parser.parse_args()
    source = SUBMISSION.format(size=options.mib * 2**20)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, HIDDEN, source, str(options.memory_mib)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    data = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{options.mib} MiB replies, memory_mib {options.memory_mib}, sandbox {data['mode']}: "
        f"parent peak +{data['peak_extra_mib']:.0f} MiB over its start "
        f"({data['base_mib']:.0f} MiB), slowest decode {data['slowest_decode_s']:.2f} s, "
        f"grading {data['seconds']:.1f} s"
    )
    for name, status, line in data["tests"]:
        print(f"  {name:30} {status:8} {line}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.1f} s")
