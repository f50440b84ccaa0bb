"""What is printed: review packs, escalation summaries and preparation sheets (reportlab).

Renderers take plain data gathered by the workflows; they know neither the database nor Qt.
"""
