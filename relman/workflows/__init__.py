"""What users do: plain functions over a Session that carry out the method.

One module per area (portfolio, contacts, scripts, interviews, expectations, escalations,
meetings, satisfaction, staff), plus the read-only queries of ``dashboard`` and ``search``.
They refuse what breaks the method with a :mod:`relman.errors` error whose message says what
to do, write every step's history row with its author and time, and never commit: the caller
owns the session (``with db.session() as s: ...``).
"""
