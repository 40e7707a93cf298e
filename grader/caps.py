"""Size units and caps shared by the trusted grader, defined once.

`MAX_TEXT_CHARS` bounds every piece of text a report carries from a grading (a test's output,
a child's message or stdout tail) so one noisy submission cannot flood a terminal, a JSON report
or a CSV. The sandboxed child has caps of its own (grader/sandbox_lib/dlprep_child: it imports
nothing of dlprep).
"""

from __future__ import annotations

MIB = 1024 * 1024
MAX_TEXT_CHARS = 8000

# A submission's decoded replies, as the trusted parent holds them (grader/reply_budget.py): what
# is alive at once (tensors until their last view is gone, the current test's structure, the
# frame being decoded) may take at most REPLY_MEMORY_FACTOR x the exercise's memory_mib, and
# all frames of one grading together REPLY_TOTAL_FACTOR x. The one place these factors live.
REPLY_MEMORY_FACTOR = 0.5
REPLY_TOTAL_FACTOR = 8
