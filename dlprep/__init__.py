"""dlprep: learn deep learning in the terminal with FSRS concept cards and graded exercises."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dlprep")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
