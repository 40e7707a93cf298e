"""One submission's replies as the trusted parent holds them: a budget tied to its memory_mib.

Each reply is bounded on its own (`protocol.MAX_REPLY_BYTES`, `codec.Budget`), but hidden tests
call a submission many times and the parent keeps what comes back: a test's list of results,
the operands of an assertion, a failed test's locals (pytest's `sys.last_traceback`). Many
max-size replies in a row drove the parent's peak RSS to 2.8 GB (issue 9). A `ReplyAccount`
(one per `SubmissionSession`, the codec's `Ledger`) counts, for one submission:

* live bytes: every decoded tensor until its memory is freed (its buffer is followed with
  `weakref.finalize`: views, autograd graphs and garbage cycles holding it count), the
  structure (lists, strings, numbers) of the replies of the current test (the harness calls
  `end_test` once pytest's references to the test are dropped), and the frame being decoded;
* total bytes: every frame received in this grading.

Both are checked before anything is allocated: a frame's length before its payload is read,
the decoder's bound (structure nodes, tensor bytes from the safetensors header) before it
parses or copies. Over the live budget, one garbage collection frees what only cycles still
hold; still over, the call fails with `TooLarge` and the session's verdict "the returned value
is too large". Limits: `caps.REPLY_MEMORY_FACTOR` and `REPLY_TOTAL_FACTOR` x `memory_mib`.
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import Iterator

from dlprep.grader.caps import MIB, REPLY_MEMORY_FACTOR, REPLY_TOTAL_FACTOR
from dlprep.grader.sandbox_lib.dlprep_common.codec import TooLarge, TrackedBuffer

COLLECT_AFTER_TEST = 64 * MIB  # tensors still counted after a test: collect cycles then


class ReplyAccount:
    """The bytes of one submission's replies alive in the parent, and received in all."""

    def __init__(self, live_limit: int, total_limit: int) -> None:
        self.live_limit = live_limit
        self.total_limit = total_limit
        self.tensor_bytes = 0  # decoded tensors not yet freed
        self.structure_bytes = 0  # the current test's replies, without their tensors
        self.frame_bytes = 0  # the frame being received and decoded
        self.total_bytes = 0
        self.peak_bytes = 0

    @classmethod
    def for_memory(cls, memory_mib: int) -> ReplyAccount:
        """The account of a submission whose exercise allows `memory_mib`."""
        memory = int(memory_mib) * MIB
        return cls(int(memory * REPLY_MEMORY_FACTOR), int(memory * REPLY_TOTAL_FACTOR))

    @property
    def live_bytes(self) -> int:
        return self.tensor_bytes + self.structure_bytes + self.frame_bytes

    @contextlib.contextmanager
    def frame(self, nbytes: int) -> Iterator[None]:
        """Admit a frame of `nbytes` before it is read; its bytes count until it is decoded."""
        if self.total_bytes + nbytes > self.total_limit:
            raise TooLarge(
                f"replies of {(self.total_bytes + nbytes) // MIB} MiB in all "
                f"(limit {self.total_limit // MIB} MiB)"
            )
        self._fit(nbytes)
        self.total_bytes += nbytes
        self.frame_bytes += nbytes
        self._note_peak()
        try:
            yield
        finally:
            self.frame_bytes -= nbytes

    def reserve(self, structure_bytes: int, tensor_bytes: int) -> None:
        """What the decoder is about to build; the structure counts until the test ends."""
        self._fit(structure_bytes + tensor_bytes)
        self.structure_bytes += structure_bytes
        self._note_peak()

    def track(self, buffer: TrackedBuffer, nbytes: int) -> None:
        """A decoded tensor's buffer: its bytes count until the buffer (its memory) is freed."""
        self.tensor_bytes += nbytes
        self._note_peak()
        release = weakref.finalize(buffer, self._freed, nbytes)
        release.atexit = False  # type: ignore[misc]  # (typeshed lists no atexit slot)

    def end_test(self) -> None:
        """A test ended and the harness dropped pytest's references to it."""
        self.structure_bytes = 0
        if self.tensor_bytes > COLLECT_AFTER_TEST:
            gc.collect()  # a failed test's traceback cycles may be all that holds them

    def _fit(self, nbytes: int) -> None:
        if self.live_bytes + nbytes <= self.live_limit:
            return
        gc.collect()  # garbage cycles still holding tensors are freed (and their bytes with them)
        if self.live_bytes + nbytes > self.live_limit:
            raise TooLarge(
                f"{(self.live_bytes + nbytes) // MIB} MiB of replies held at once "
                f"(limit {self.live_limit // MIB} MiB)"
            )

    def _freed(self, nbytes: int) -> None:
        self.tensor_bytes -= nbytes

    def _note_peak(self) -> None:
        self.peak_bytes = max(self.peak_bytes, self.live_bytes)
