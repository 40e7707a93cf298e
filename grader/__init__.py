"""Grader: sandbox, worker pool, trusted test harness, reference runs, reports, batch grading."""
