"""The escalations page's parts: the detail panel and the dialogs of its steps."""
