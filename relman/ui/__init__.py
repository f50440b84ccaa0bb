"""What is seen: the PySide6 window. The only package of relman that imports Qt."""
