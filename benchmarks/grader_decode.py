"""The trusted parent decoding the worst replies: peak memory and time (issue 9's figures).

    python benchmarks/grader_decode.py

Each case runs in a fresh process (so the peak RSS is the decode's own): the largest reply
the cap allows (one 255 MiB tensor), a structure at the JSON budget (4 MiB of small nodes),
and hostile payloads refused before allocating (a billion-element claim, deep nesting).
One reply at a time: the worst *sequence* of replies (many max-size ones, kept by the tests,
against the submission's reply budget) is benchmarks/grader_reply_sequence.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

CASES = {
    "tensor_255MiB": "encode({'status': 'ok', 'value': torch.zeros(255 * 2**18)})",
    "json_4MiB_nodes": "JSON_HEADER.pack(len(t := ('[' + ','.join(['[]'] * 1_390_000) + ']').encode())) + t",
    "claims_1e9_floats": "JSON_HEADER.pack(2) + b'[]' + SAFETENSORS_HEADER.pack(len(h := json.dumps({'0': {'dtype': 'F32', 'shape': [10**9], 'data_offsets': [0, 4 * 10**9]}}).encode())) + h + b'0000'",
    "nesting_1e6": "JSON_HEADER.pack(2 * 10**6) + b'[' * 10**6 + b']' * 10**6",
}

PROBE = """
import json, os, resource, sys, time, torch
from dlprep.grader.protocol import REPLY_BUDGET, _clean
from dlprep.grader.sandbox_lib.dlprep_common.codec import JSON_HEADER, SAFETENSORS_HEADER, DecodeError, decode, encode
if sys.argv[2] == "write":
    open(sys.argv[3], "wb").write(eval(sys.argv[1]))
    sys.exit(0)
with open(sys.argv[3], "rb") as file:  # read into its final buffer: no second copy in the peak
    frame = bytearray(os.fstat(file.fileno()).st_size)
    file.readinto(frame)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    decode(frame, REPLY_BUDGET, _clean)
    outcome = "decoded"
except DecodeError as error:
    outcome = f"refused ({type(error).__name__})"
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"frame_mib": len(frame) / 2**20, "seconds": elapsed, "peak_extra_mib": (peak - base) / 1024, "outcome": outcome}))
"""


def main() -> None:
    for name, expression in CASES.items():
        with tempfile.NamedTemporaryFile() as frame:
            for step in ("write", "decode"):
                result = subprocess.run(
                    [sys.executable, "-c", PROBE, expression, step, frame.name],
                    capture_output=True,
                    text=True,
                    check=True,
                )
        data = json.loads(result.stdout)
        print(
            f"{name:20} frame {data['frame_mib']:7.1f} MiB  {data['outcome']:22}  "
            f"{data['seconds']:6.2f} s  peak +{data['peak_extra_mib']:6.0f} MiB over the frame"
        )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.1f} s")
