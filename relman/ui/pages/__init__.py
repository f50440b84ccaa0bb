"""One page per area of the sidebar, each its own class in its own module."""
