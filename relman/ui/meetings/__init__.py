"""The meetings page's parts: the meeting form, its attendees, lists and action items."""
