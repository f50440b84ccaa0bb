"""Dialogs, created when needed; each has a classmethod entry point that tests can drive."""
