"""A stand-in for `python -m dlprep.grader.worker` (no torch): deterministic events for TUI tests.

What it answers depends on the submitted source: "HANG" never answers, "CRASH" exits,
"FLOOD" sends a line of several megabytes, "TRAIN" streams training progress for 2 s, "ESCAPE" puts terminal escapes in its output,
"raise NotImplementedError" fails 18 identical tests and one other, anything else passes.
"""

from __future__ import annotations

import json
import os
import sys
import time


def report(source: str) -> dict[str, object]:
    names = [f"test_dropout_layer.py::test_case_{index}" for index in range(19)]
    if "raise NotImplementedError" in source:
        tests = [
            {
                "name": name,
                "status": "error",
                "score": 0,
                "max_score": 1,
                "output": "dropout_layer raised NotImplementedError\nTraceback (most recent call last):\n"
                '  File "submission.py", line 11, in dropout_layer\n    raise NotImplementedError\nNotImplementedError',
                "concepts": ["tui-sgd-step"] if index == 0 else [],
            }
            for index, name in enumerate(names[:18])
        ]
        tests.append(
            {
                "name": names[18],
                "status": "failed",
                "score": 0,
                "max_score": 2,
                "output": "the mean is not preserved",
                "description": {"en": "Scales the survivors", "zh": "放大保留的元素"},
                "concepts": ["tui-randn"],
            }
        )
        return {
            "schema_version": 1,
            "exercise": "dropout_layer",
            "score": 0,
            "max_score": 20,
            "passed": False,
            "tests": tests,
            "sandbox": "bubblewrap",
            "duration_s": 0.25,
        }
    text = "\x1b]0;pwned\x07\x1b[31mred\x1b[0m" if "ESCAPE" in source else ""
    tests = [
        {
            "name": name,
            "status": "passed",
            "score": 1,
            "max_score": 1,
            "output": text,
            "description": {"en": f"Case {index}", "zh": f"用例 {index}"},
        }
        for index, name in enumerate(names[:3])
    ]
    return {
        "schema_version": 1,
        "exercise": "dropout_layer",
        "score": 3,
        "max_score": 3,
        "passed": True,
        "tests": tests,
        "sandbox": "bubblewrap",
        "duration_s": 0.12,
    }


def send(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main() -> None:
    send({"id": 0, "event": "ready"})
    for line in sys.stdin:
        request = json.loads(line)
        source, request_id = request["source"], request["id"]
        send({"id": request_id, "event": "progress", "phase": request["op"], "elapsed_s": 0.1})
        if "TRAIN" in source:
            for epoch, loss in ((1.0, 0.75), (2.0, 0.5)):
                send(
                    {
                        "id": request_id,
                        "event": "progress",
                        "phase": "training",
                        "elapsed_s": epoch,
                        "epoch": epoch,
                        "loss": loss,
                    }
                )
                time.sleep(1.0)
        if "HANG" in source:
            time.sleep(3600)
        if "CRASH" in source:
            os._exit(3)
        if "FLOOD" in source:
            sys.stdout.write(
                json.dumps({"id": request_id, "event": "result", "x": "y" * 6_000_000}) + "\n"
            )
            sys.stdout.flush()
            continue
        if request["op"] == "run":
            raised = (
                "dropout_layer raised NotImplementedError"
                if "raise NotImplementedError" in source
                else ""
            )
            send(
                {
                    "id": request_id,
                    "event": "ran",
                    "output": ">>> dropout_layer(X, 0.)\ntensor([1.])\n",
                    "raised": raised,
                }
            )
            continue
        send({"id": request_id, "event": "result", "report": report(source)})


if __name__ == "__main__":
    main()
