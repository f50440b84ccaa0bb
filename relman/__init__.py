"""relman: relationship management for IT departments.

The package is layered (see docs/architecture.md): ``models`` and ``storage`` hold the data,
``workflows`` carry out the method, ``reports`` print, ``cli`` and ``ui`` are the two ways in.
Only ``relman.ui`` imports Qt.
"""

__version__ = "0.1.0"
