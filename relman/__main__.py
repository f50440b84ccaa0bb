"""Allows ``python -m relman``."""

from relman.cli import main

raise SystemExit(main())
