"""Allow `python -m dlprep`."""

from dlprep.cli import main

raise SystemExit(main())
