"""Code that runs inside the grading sandbox: the zygote, the per-submission child, the wire format.

Only `grader/sandbox_lib/` is visible inside the sandbox, so nothing here imports `dlprep.*`.
The trusted parent imports `wire` from here too (as `dlprep.grader.sandbox_lib.dlprep_child`),
which is why every import inside this package is relative.
"""
