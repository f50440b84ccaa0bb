"""Subcommands of ``relman`` kept beside the core ones in relman/cli.py: each module has
``register(commands)`` and is named in ``relman.cli.COMMAND_MODULES``."""
