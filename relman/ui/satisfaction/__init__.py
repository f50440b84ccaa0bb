"""The satisfaction page's parts: the charts (trend and priority quadrant, on one reusable
point chart), the survey form with its low-score follow-ups, the support-issue forms, and the
text panels beside the charts."""
