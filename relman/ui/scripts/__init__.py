"""The script editor of the Scripts page."""
