"""Size units and caps shared by the trusted grader, defined once.

`MAX_TEXT_CHARS` bounds every piece of text a report carries from a grading (a test's output,
a child's message or stdout tail) so one noisy submission cannot flood a terminal, a JSON report
or a CSV. The sandboxed child has caps of its own (grader/sandbox_lib/dlprep_child: it imports
nothing of dlprep).
"""

from __future__ import annotations

MIB = 1024 * 1024
MAX_TEXT_CHARS = 8000
