"""The large demo: ten years of a big IT department, written in bulk for benchmarks.

Everything comes from one :class:`random.Random` seeded with ``seed`` — ids, dates, text —
so a seed (and the day it is built, since the timeline ends today) always gives the same
data. Rows are generated as plain dicts and written in bulk, one transaction per phase: on
SQLite as multi-row statements through the driver (see :func:`_write`), elsewhere with
SQLAlchemy Core ``executemany``. The full-text triggers index the rows as they go in.

The data obeys the method's rules where a reader can see them: a contact's ``is_key``
follows from their latest assessment, an expectation's events lead to its status, agreed
expectations carry their terms and measurements (misses explained), escalations carry the
events of their status, interviews hold answers only to questions of their script version
(and conditional ones only when the earlier answer calls for them).

At ``scale=1.0``: 320 units, 71 staff, 80 services, 6,000 contacts, 30,000 interviews,
20,000 expectations, 3,000 escalations, and well over 100,000 free-text records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import uuid
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    String,
    Table,
    Uuid,
    bindparam,
)
from sqlalchemy.orm import Session

from relman.demo import Progress
from relman.models import (
    DEFAULT_DIRECTION,
    ActionItem,
    Answer,
    Assessment,
    BusinessUnit,
    Contact,
    Criticality,
    Dependence,
    Direction,
    Escalation,
    EscalationEvent,
    EscalationEventKind,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    GoalsMet,
    Interview,
    InterviewStatus,
    Measurement,
    MeasurementType,
    Meeting,
    MeetingKind,
    Party,
    Question,
    QuestionKind,
    Script,
    ScriptSection,
    ScriptVersion,
    Service,
    Setting,
    Staff,
    StaffRole,
    SupportIssue,
    Survey,
    SurveyScore,
    UnitService,
    interview_contacts,
    is_key,
    meeting_contacts,
    meeting_staff,
    unit_rms,
)
from relman.models.base import UTCDateTime
from relman.storage import Database

UTC = dt.UTC
YEARS = 10
CHUNK = 5000  # rows per executemany
CURRENT_USER = "current_user"  # the Setting key, as relman.workflows.staff names it

# Sizes at scale 1.0.
N_UNITS = 320
N_RMS = 60
N_MANAGERS = 10
N_SERVICES = 80
N_CONTACTS = 6000
N_INTERVIEWS = 30_000
N_EXPECTATIONS = 20_000
N_SUPPORT_ISSUES = 5000
N_OTHER_MEETINGS = 800

# Share of expectations per final status; escalations: ESCALATED + the two "via escalation".
STATUS_SHARE = (
    (ExpectationStatus.STATED, 0.06),
    (ExpectationStatus.VALIDATED, 0.05),
    (ExpectationStatus.NEGOTIATING, 0.08),
    (ExpectationStatus.ESCALATED, 0.04),
    (ExpectationStatus.DISAGREED, 0.09),
    (ExpectationStatus.WITHDRAWN, 0.18),
)  # AGREED takes the rest (0.50)
AGREED_VIA_ESCALATION = 0.065
DISAGREED_VIA_ESCALATION = 0.045


def _t(table: Any) -> Table:
    return table if isinstance(table, Table) else table.__table__


# --------------------------------------------------------------------------------------------
# Writing. On SQLite a table's rows go first into a temporary staging table (no index, no
# trigger) through the driver's executemany, each value converted here to exactly what the
# column's SQLAlchemy type would store (the demo's test checks this column by column); then
# one INSERT ... SELECT moves them into the table. Two reasons: SQLAlchemy's per-value
# processing would cost more than the rest of the build, and the search index's triggers are
# far cheaper in one statement than in one statement per row (FTS5 flushes its pending terms
# at the end of every statement, so a row-by-row executemany writes a tiny index segment per
# row and then keeps merging them). Other databases get Core executemany.


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given; relman stores timezone-aware UTC times")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def _hex(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _member(value: Any) -> Any:
    return None if value is None else value.value


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(column: Any) -> Any:
    """What turns a Python value into what SQLite stores for ``column`` (None: as it is)."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _hex
    if isinstance(kind, UTCDateTime):
        return _stamp
    if isinstance(kind, DateTime):
        raise TypeError(f"{column}: naive DateTime columns are not expected")
    if isinstance(kind, Date):
        return _iso
    if isinstance(kind, Enum):
        return _member
    if isinstance(kind, Boolean):
        return _flag
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, (String, Integer, Float)):  # Text is a String
        return None
    raise TypeError(f"{column}: no conversion for {kind!r}")


def _write(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        stmt = table.insert()
        for i in range(0, len(rows), CHUNK):
            session.execute(stmt, rows[i : i + CHUNK])
        return
    names = tuple(rows[0])
    convert = [(name, _converter(table.c[name])) for name in names]
    cols = ", ".join(f'"{n}"' for n in names)
    stage = f'"temp"."stage_{table.name}"'
    raw = session.connection().connection.driver_connection
    raw.execute(f'CREATE TEMP TABLE {stage} AS SELECT {cols} FROM "{table.name}" WHERE 0')
    try:
        insert = f"INSERT INTO {stage} VALUES ({','.join('?' * len(names))})"
        for start in range(0, len(rows), CHUNK):
            batch = rows[start : start + CHUNK]
            columns = []
            for name, conv in convert:
                values = list(map(itemgetter(name), batch))
                columns.append(values if conv is None else list(map(conv, values)))
            raw.executemany(insert, zip(*columns, strict=True))
        raw.execute(
            f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM {stage} ORDER BY rowid'
        )
    finally:
        raw.execute(f"DROP TABLE {stage}")


# --------------------------------------------------------------------------------------------
# Vocabulary. Written for this demo: a clothing maker's IT department and its customers.

FIRST_NAMES = (
    "Aisha", "Alan", "Alba", "Aleksander", "Amara", "Anders", "Andrea", "Anika", "Ayumi",
    "Beatriz", "Ben", "Bjorn", "Bruno", "Carla", "Chen", "Chloe", "Colm", "Dana", "Daniel",
    "Deepa", "Diego", "Dmitri", "Eamon", "Elena", "Elif", "Emma", "Erik", "Fatima", "Felix",
    "Fiona", "Freya", "Gabriel", "Grace", "Hamid", "Hannah", "Henrik", "Ines", "Ingrid",
    "Isaac", "Ivana", "Jakob", "Jamal", "Jana", "Javier", "Joanna", "Jonas", "Julia", "Kai",
    "Karim", "Katja", "Kenji", "Lars", "Laura", "Leila", "Liam", "Lucia", "Luis", "Maja",
    "Malik", "Marco", "Maria", "Marta", "Mateo", "Mei", "Mia", "Mikael", "Nadia", "Nikos",
    "Nina", "Noah", "Olga", "Omar", "Paula", "Pedro", "Priya", "Rafael", "Rania", "Rosa",
    "Ruth", "Samir", "Sara", "Sean", "Sofia", "Stefan", "Tariq", "Tessa", "Theo", "Tomas",
    "Ursula", "Valentina", "Victor", "Wen", "Yara", "Yusuf", "Zofia",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Achterberg", "Adeyemi", "Almeida", "Andersen", "Arslan", "Baker", "Bauer",
    "Bergstrom", "Bianchi", "Blom", "Brennan", "Brooks", "Carvalho", "Castillo", "Chowdhury",
    "Costa", "Dahl", "Delgado", "Dubois", "Duarte", "Eriksen", "Esposito", "Fagerlund",
    "Fernandes", "Fischer", "Fitzgerald", "Fontaine", "Garcia", "Gomes", "Gruber", "Haas",
    "Hakimi", "Hansen", "Hartmann", "Holm", "Horvat", "Hughes", "Ibrahim", "Iversen",
    "Jansen", "Jovanovic", "Kaya", "Keller", "Kowalski", "Kristensen", "Kumar", "Lambert",
    "Larsen", "Laurent", "Lindqvist", "Lopez", "Lund", "MacLeod", "Marin", "Martens",
    "Meyer", "Moreau", "Morrison", "Nakamura", "Navarro", "Nielsen", "Novak", "Nowak",
    "O'Brien", "Okafor", "Olsen", "Ortega", "Osei", "Papadopoulos", "Patel", "Pereira",
    "Petrov", "Quinn", "Ramos", "Reyes", "Richter", "Rossi", "Russo", "Santos", "Sato",
    "Schmidt", "Schulz", "Silva", "Sorensen", "Stewart", "Suzuki", "Svensson", "Tanaka",
    "Thomsen", "Torres", "Vasquez", "Vogel", "Wagner", "Walsh", "Weber", "Wilson", "Wolf",
    "Yilmaz", "Zhang", "Zimmermann",
)  # fmt: skip

DIVISIONS: dict[str, tuple[str, ...]] = {
    "Sales": ("Wholesale Accounts", "Key Accounts", "Sales Operations", "Franchise Sales",
              "Sales Planning", "Trade Marketing"),
    "Retail Stores": ("Store Operations", "Flagship Stores", "Outlet Stores",
                      "Visual Merchandising",
                      "Store Openings", "Loss Prevention"),
    "E-commerce": ("Web Shop", "Marketplaces", "Mobile App", "Online Customer Care",
                   "Digital Content"),
    "Marketing": ("Brand Marketing", "Campaigns", "Loyalty Programme", "Social Media",
                  "Market Research"),
    "Finance": ("Accounts Payable", "Accounts Receivable", "Financial Control", "Treasury",
                "Tax", "Management Accounting"),
    "Design Engineering": ("Denim Design", "Pattern Making", "Product Development",
                           "Fabric Research", "Sample Room"),
    "Manufacturing": ("Cutting Room", "Sewing Lines", "Wash and Finish", "Production Planning",
                      "Quality Control"),
    "Logistics": ("Distribution Centre", "Inbound Freight", "Returns Centre", "Transport Planning",
                  "Warehouse Operations"),
    "Sourcing": ("Fabric Buying", "Trims Buying", "Supplier Compliance", "Vendor Management"),
    "Merchandising": ("Menswear Range", "Womenswear Range", "Kidswear Range", "Allocation",
                      "Replenishment"),
    "Human Resources": ("Payroll", "Recruitment", "Learning and Development", "HR Services"),
    "Customer Service": ("Contact Centre", "Complaints Handling", "Warranty and Repairs"),
    "Legal and Compliance": ("Contracts", "Data Protection", "Trademark Protection"),
    "Facilities": ("Building Services", "Health and Safety", "Fleet"),
}  # fmt: skip
REGIONS = (
    "UK and Ireland", "Benelux", "Nordics", "DACH", "Iberia", "Italy", "France", "Poland",
    "Central Europe", "North America", "Latin America", "Asia Pacific", "Middle East",
    "Head Office",
)  # fmt: skip

SERVICES: tuple[tuple[str, str, str], ...] = (
    ("SAP Financials", "General ledger, month-end close and statutory reporting", "ERP team"),
    ("SAP Purchasing", "Purchase orders, supplier invoices and approvals", "ERP team"),
    ("SAP Sales and Distribution", "Wholesale orders, pricing and delivery notes", "ERP team"),
    ("Store Tills", "Point-of-sale tills and card terminals in every store", "Store systems"),
    ("Web Shop", "The customer-facing online shop and checkout", "Digital platform"),
    ("Mobile App", "The shopping app for iOS and Android", "Digital platform"),
    ("Payment Gateway", "Card and wallet payments for the web shop and app", "Digital platform"),
    ("Marketplace Connector", "Listings and orders from third-party marketplaces", "Integration"),
    ("Warehouse Management", "Picking, packing and stock locations", "Logistics IT"),
    ("Transport Booking", "Carrier booking, labels and tracking", "Logistics IT"),
    ("Returns Portal", "Customer returns, refunds and restocking", "Digital platform"),
    ("Product Lifecycle Management", "Designs, bills of materials and tech packs", "Product IT"),
    ("CAD Pattern Studio", "Pattern design and grading software", "Product IT"),
    ("3D Sampling", "Virtual garment samples for fitting and review", "Product IT"),
    ("Colour Library", "Approved colours, lab dips and fabric swatches", "Product IT"),
    ("Supplier Portal", "Orders, confirmations and certificates", "Integration"),
    ("Production Scheduling", "Sewing line plans and capacity", "Manufacturing IT"),
    ("Shop Floor Terminals", "Bundle scanning and piece-rate recording", "Manufacturing IT"),
    ("Quality Inspection App", "Defect capture at inspection tables", "Manufacturing IT"),
    ("Merchandise Planning", "Range plans, buy quantities and open-to-buy", "Planning IT"),
    ("Allocation and Replenishment", "Store allocations and top-ups", "Planning IT"),
    ("Sales Dashboard", "Daily sales, margin and sell-through figures", "Data and analytics"),
    ("Data Warehouse", "Nightly loads of sales, stock and finance data", "Data and analytics"),
    ("Self-Service Reporting", "Report builder for business analysts", "Data and analytics"),
    ("Customer Data Platform", "Customer profiles, consents and segments", "Data and analytics"),
    ("Loyalty Programme Platform", "Points, vouchers and member offers", "Digital platform"),
    ("Email Campaigns", "Newsletters and triggered marketing emails", "Marketing technology"),
    ("Digital Asset Library", "Product photos, videos and brand assets", "Marketing technology"),
    ("Social Media Scheduler", "Planning and approval of social posts", "Marketing technology"),
    ("Contact Centre Telephony", "Phone queues, call recording and IVR", "Workplace"),
    ("Customer Care Desk", "Cases and complaints for the contact centre", "Business applications"),
    ("Payroll System", "Pay runs, payslips and pensions", "HR systems"),
    ("HR Portal", "Leave, absence and personal details for employees", "HR systems"),
    ("Recruitment System", "Vacancies, applicants and interviews", "HR systems"),
    ("Learning Platform", "E-learning courses and training records", "HR systems"),
    ("Time and Attendance", "Shift plans and clocking in stores and warehouses", "HR systems"),
    ("Expense Claims", "Travel and expense claims with receipts", "Business applications"),
    ("Treasury Management", "Cash positions, payments and bank connections", "ERP team"),
    ("Tax Reporting", "VAT returns and tax provisions", "ERP team"),
    ("Contract Repository", "Signed contracts and renewal reminders", "Business applications"),
    ("E-invoicing Hub", "Electronic invoices with customers and suppliers", "Integration"),
    ("EDI Gateway", "Orders and despatch advice with wholesale customers", "Integration"),
    ("Product Information Hub", "Product texts, sizes and attributes", "Integration"),
    ("Price Management", "Price lists, markdowns and promotions", "Business applications"),
    ("Store Back Office", "Store stock counts, transfers and cash-up", "Store systems"),
    ("Handheld Scanners", "Stock scanning devices in stores and warehouses", "Store systems"),
    ("Store Wi-Fi", "Wireless network for staff and customers in stores", "Network"),
    ("Corporate Network", "Offices, warehouses and factories connected together", "Network"),
    ("VPN Remote Access", "Secure access from home and on the road", "Network"),
    ("Email and Calendar", "Mailboxes, calendars and shared mailboxes", "Workplace"),
    ("Video Meetings", "Video calls and meeting rooms", "Workplace"),
    ("Team Chat", "Chat channels and file sharing", "Workplace"),
    ("Laptops and Desktops", "Staff computers, their setup and repair", "Workplace"),
    ("Mobile Phones", "Company phones and their apps", "Workplace"),
    ("Printing", "Office printers, label printers and print queues", "Workplace"),
    ("File Shares", "Shared drives for departments", "Workplace"),
    ("Service Desk", "The IT service desk by phone, chat and portal", "Service management"),
    ("Password Reset", "Self-service and desk password resets", "Service management"),
    ("Identity and Access", "Accounts, roles and single sign-on", "Security"),
    ("Security Monitoring", "Threat detection and incident response", "Security"),
    ("Backup and Restore", "Backups of servers and restores on request", "Infrastructure"),
    ("Hosting Platform", "Servers and cloud hosting for business applications", "Infrastructure"),
    ("Database Services", "Databases behind the business applications", "Infrastructure"),
    ("Integration Platform", "Interfaces between the business systems", "Integration"),
    ("Label Printing", "Care labels, price tickets and shipping labels", "Logistics IT"),
    ("Customs Declarations", "Import and export declarations", "Logistics IT"),
    ("Sustainability Reporting", "Fabric origin, water and carbon", "Data and analytics"),
    ("Store Music and Screens", "In-store music and digital signage", "Store systems"),
    ("Click and Collect", "Online orders picked up in store", "Digital platform"),
    ("Gift Cards", "Gift card sale, balance and redemption", "Digital platform"),
    ("Franchise Portal", "Orders, stock and reports for franchise partners", "Digital platform"),
    ("Wholesale B2B Shop", "Online ordering for wholesale customers", "Digital platform"),
    ("Product Search", "Search and filters in the web shop", "Digital platform"),
    ("Recommendations Engine", "Product suggestions in the shop and emails", "Data and analytics"),
    ("Fraud Screening", "Order screening for card fraud", "Digital platform"),
    ("Budgeting and Forecasting", "Budgets, forecasts and planning cycles", "ERP team"),
    ("Fixed Assets", "Store fittings, machines and depreciation", "ERP team"),
    ("Document Scanning", "Scanned invoices and delivery notes", "Business applications"),
    ("Fleet Tracking", "Delivery vans and their routes", "Logistics IT"),
    ("Building Access", "Badges, doors and visitor passes", "Facilities IT"),
    ("Sample Tracking", "Where each physical sample is and who has it", "Product IT"),
    ("Trend Research Library", "Trend reports and inspiration boards", "Product IT"),
    ("Machine Maintenance", "Upkeep of sewing and washing machines", "Manufacturing IT"),
    ("Energy Monitoring", "Energy use in stores, warehouses and factories", "Facilities IT"),
    ("Legal Hold", "Preservation of documents for disputes", "Security"),
)  # fmt: skip

IT_TEAMS = (
    "the service desk", "the network team", "the ERP team", "the web platform squad",
    "the store systems team", "the data warehouse team", "the security office",
    "desktop support", "the integration team", "the hosting team", "the database team",
    "the logistics IT team", "the product IT team", "the HR systems team", "the vendor",
    "second-line support", "the change board", "the night operators",
)  # fmt: skip
ISSUES = (
    "outage", "slowdown", "login failure", "batch overrun", "printer queue backlog",
    "VPN drop-out", "late data feed", "till freeze", "scanner fault", "licence shortage",
    "disk space alarm", "failed backup", "mail delivery delay", "expired certificate",
    "network latency", "report error", "duplicate invoice run", "stock mismatch",
    "label printing failure", "payment timeout", "missing search results", "image upload error",
    "sync failure", "interface backlog", "locked accounts", "broken checkout",
    "wrong prices on the shelf edge", "double-booked delivery slot", "corrupted export",
    "password lockout", "Wi-Fi black spot", "crashed handheld", "frozen dashboard",
    "overnight job failure", "misrouted tickets", "missed callback",
)  # fmt: skip
EVENTS = (
    "month-end close", "quarter-end reporting", "the spring collection launch",
    "Black Friday", "the summer sale", "the year-end audit", "the payroll run", "stocktake",
    "the trade fair", "the catalogue deadline", "a new store opening", "peak season",
    "the budget round", "the factory shutdown", "the back-to-school campaign",
    "the winter sale", "the wholesale order window", "the sample review", "the range review",
    "the VAT deadline", "Christmas trading", "the autumn drop", "the outlet clearance",
    "the franchise conference", "the fit sessions", "the supplier audit",
    "the loyalty double-points week", "the product photo shoot",
)  # fmt: skip
PLACES = (
    "the Leeds warehouse", "the flagship store in Amsterdam", "the Rotterdam distribution centre",
    "head office", "the Porto factory", "the design studio", "the Milan showroom",
    "the Lyon outlet", "the Krakow service centre", "the Hamburg store", "the Madrid stores",
    "the returns centre", "the contact centre", "the Dublin office", "the sample room",
    "the wash plant", "the Stockholm store", "the Vienna office", "the Toronto stores",
    "the Antwerp cutting room", "the pop-up store", "the airport stores",
)  # fmt: skip
IMPACTS = (
    "orders queued for hours", "staff worked late to catch up", "customers left the queue",
    "invoices went out late", "the campaign slipped a week", "the close took an extra day",
    "trucks left half-loaded", "the buyers worked from old figures", "refunds were delayed",
    "the sewing lines stood still", "samples missed the courier", "the board pack was late",
    "shoppers abandoned their baskets", "the stores counted stock by hand",
    "the call queue doubled", "payslips were delayed", "the auditors asked questions",
    "the supplier shipped the wrong quantities", "we lost a morning of sales",
    "the team lost trust in the figures",
)  # fmt: skip
FIXES = (
    "add monitoring", "move the batch window", "raise a change request", "train the super-users",
    "agree a change freeze", "add capacity", "patch the servers", "update the runbook",
    "replace the ageing switches", "add a second internet line", "set up an on-call rota",
    "move the job to the weekend", "split the interface into smaller loads",
    "archive the old data", "test the restore", "buy more licences", "tune the database",
    "add an alert for the night operators", "run a load test", "renew certificates earlier",
    "give the stores a spare scanner", "publish a maintenance calendar",
    "add a status page", "pair the service desk with a super-user",
)  # fmt: skip
ROLES = (
    "the store managers", "the buyers", "the controllers", "the pattern cutters",
    "the warehouse pickers", "the call-centre agents", "the planners", "the designers",
    "the merchandisers", "the payroll clerks", "the account managers", "the shift leaders",
    "the analysts", "the franchise partners", "the quality inspectors", "the recruiters",
)  # fmt: skip
WISHES = (
    "a named contact in IT", "a weekly status mail", "faster password resets",
    "a test system that matches production", "earlier warning of planned maintenance",
    "mobile access to the sales dashboard", "one login for all store systems",
    "fewer screens to fill in", "spare tills for peak weeks", "a report they can trust",
    "a clear price for extra capacity", "plain-language incident updates",
    "support on Saturdays", "a faster laptop refresh", "self-service reports",
    "a direct line to second-line support", "training before go-live",
)  # fmt: skip
PROJECTS = (
    "the new till rollout", "the SAP upgrade", "the web shop redesign",
    "the scanner refresh", "the data lake project", "the PLM migration", "the loyalty app",
    "the e-invoicing project", "the cloud move", "the new warehouse system",
    "the single sign-on project", "the store Wi-Fi upgrade", "the 3D sampling pilot",
    "the network refresh", "the HR portal launch", "the returns automation",
)  # fmt: skip
TIMES = (
    "before 8 am", "over the weekend", "at lunchtime", "in the evening batch window",
    "on Monday mornings", "during the night run", "on the last working day",
    "in the first week of the month", "between 9 and 11", "on Saturdays",
)  # fmt: skip
FEELINGS = (
    "frustrated", "pleased", "cautiously positive", "worried", "impatient", "relieved",
    "sceptical", "encouraged", "let down", "satisfied",
)  # fmt: skip
METRICS = (
    "availability", "response times", "first-call resolution", "the ticket backlog",
    "delivery dates", "page load time", "data freshness", "time to fix", "order throughput",
    "report accuracy",
)  # fmt: skip
ROOT_CAUSES = (
    "a failed disk in the storage array", "an expired certificate", "a faulty switch",
    "an untested software patch", "an outage at the vendor", "a batch job sized for last year",
    "a power cut at the data centre", "a database lock", "a change made out of hours",
    "a full transaction log", "a memory leak in the interface", "a carrier API change",
    "a misconfigured firewall rule", "a spike in traffic from a campaign",
    "a licence server that was not renewed", "a duplicate job schedule",
)  # fmt: skip

POOLS: dict[str, tuple[str, ...]] = {
    "team": IT_TEAMS,
    "issue": ISSUES,
    "event": EVENTS,
    "place": PLACES,
    "impact": IMPACTS,
    "fix": FIXES,
    "role": ROLES,
    "wish": WISHES,
    "project": PROJECTS,
    "time": TIMES,
    "feeling": FEELINGS,
    "metric": METRICS,
    "cause": ROOT_CAUSES,
    "n": tuple(str(n) for n in (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30)),
}

T_NOTES = (
    "Raised the {issue} on {service} during {event}; {impact}.",
    "Says {role} rely on {service} {time}, so any {issue} hurts them straight away.",
    "Says {team} handled the last {issue} well, but nobody told them when it would be fixed.",
    "Would like {wish} before {event}.",
    "Worried about {project}: fears a {issue} at {place}.",
    "Felt {feeling} about {metric} on {service} this quarter.",
    "Asked whether we could {fix} ahead of {event}.",
    "Mentioned that {impact} after the {issue} at {place}.",
    "Will send figures on {metric} for {service} by next week.",
    "Restated: {service} matters most during {event}; outside that a short delay is acceptable.",
    "Compared us unfavourably with the vendor's own support for {service}.",
    "Praised {team} for their help during {event}.",
    "Rambled about {project} for a while; brought it back to {service} politely.",
    "Listened more than talked: the real pain is {metric} for {role}.",
    "Offered a compromise: {fix} now, full fix after {event}.",
    "Agreed to disagree on weekend cover for {service}; will escalate if it comes up again.",
    "Noted that {role} at {place} work around {service} with spreadsheets.",
    "Key point: {impact} whenever {service} has a {issue}.",
)
T_SUMMARY = (
    "Good conversation. Main concern is {metric} on {service}; next step is to {fix}.",
    "Customer {feeling}. Follow up on the {issue} at {place} and on {wish}.",
    "Covered the script. Expectations on {service} to be validated before {event}.",
    "Short interview: focus on {project} and its effect on {role}.",
    "Clear picture of their busy weeks around {event}; {service} is their lifeline.",
)
T_ANSWER = (
    "Mostly {service}. When it stops during {event}, {impact}.",
    "We need {wish}.",
    "The {issue} at {place} last month was the worst; {impact}.",
    "Honestly, {team} are helpful, but {metric} has slipped since {project}.",
    "If you could {fix}, that would make a real difference to {role}.",
    "So {service} has to be ready {time}, especially around {event}. Yes, that's right.",
    "Our year is judged on {event}; everything else can wait a day.",
    "We check {metric} every morning {time}.",
    "Not quite: {service} is important, but {wish} matters more to {role}.",
    "Better than last year. {team} now call us back the same day.",
    "We would accept a short {issue} outside {event}, never during it.",
    "{role} lose about {n} hours a week to the {issue}.",
)
T_STATEMENT: dict[MeasurementType, tuple[str, ...]] = {
    MeasurementType.AVAILABILITY: (
        "{service} must be available every trading day, above all during {event}.",
        "{service} has to be up {time}; we cannot work without it.",
        "No unplanned {issue} on {service} during {event}.",
    ),
    MeasurementType.RESPONSE_TIME: (
        "Screens in {service} should answer within a few seconds, even during {event}.",
        "{role} expect {service} to respond quickly {time}.",
        "Calls to {team} answered fast when {service} has a {issue}.",
    ),
    MeasurementType.RESOLUTION_TIME: (
        "Faults on {service} fixed the same day, especially at {place}.",
        "A {issue} on {service} resolved within hours, not days.",
        "Broken equipment for {role} replaced by the next morning.",
    ),
    MeasurementType.SATISFACTION: (
        "{role} should be happy with {service}: at least four out of five in the survey.",
        "Support for {service} rated good or better by {role}.",
    ),
    MeasurementType.DELIVERY_DATE: (
        "Changes to {service} delivered before {event}, no later.",
        "{project} finished in time for {event}.",
        "New reports in {service} ready for {event}.",
    ),
    MeasurementType.THROUGHPUT: (
        "{service} must handle our peak orders during {event}.",
        "{service} processes the whole day's volume in the night run.",
    ),
    MeasurementType.OTHER: (
        "A monthly status note on {service} by the fifth working day.",
        "Planned maintenance on {service} announced a week ahead.",
    ),
}
T_VALIDATED = (
    "Checked: the unit depends on {service} heavily around {event}.",
    "Confirmed with {role} that {service} is essential {time}.",
    "Validated against last year's tickets: {issue} hit them {n} times.",
    "Looked at the figures for {metric}; the expectation is real.",
)
T_PROPOSE_IT = (
    "IT offers {target} without extra cost; more needs {fix}.",
    "Proposed {target} for now, to review after {project}.",
    "{team} can commit to {target}; a better figure needs a second site.",
)
T_PROPOSE_CUSTOMER = (
    "Customer asks for {target}, because {impact} last time.",
    "Customer insists on {target} during {event}.",
    "Customer would accept {target} if we {fix}.",
)
T_AGREED = (
    "Agreed at {target}, measured {frequency}; reviewed in the monthly meeting.",
    "Both sides accept {target}; {team} to report {frequency}.",
    "Compromise reached at {target} after {project} is live.",
)
T_DISAGREED = (
    "Customer holds to {target}; IT cannot go further without budget for {fix}.",
    "No compromise: the customer needs more than {team} can give during {event}.",
    "Positions stay apart: {target} asked, a lower figure offered.",
)
T_WITHDRAWN = (
    "No longer needed after {project}.",
    "The unit moved to another process; {service} is less critical now.",
    "Customer withdrew it after the figures on {metric} were shared.",
    "Replaced by a new expectation after the reorganisation.",
)
T_EXP_NOTE = (
    "Discussed again at the monthly review; no change.",
    "Customer mentioned the {issue} at {place} once more.",
    "Reminder sent to {team} about the commitment.",
)
T_ESC_SUMMARY = (
    "Customer requires {target} for {service}; IT can only offer less without extra budget. "
    "Needs a decision on funding.",
    "Disagreement on weekend support for {service} during {event}.",
    "Customer will not accept the {issue} risk on {service}; IT cannot remove it before {project}.",
)
T_ESC_DISCUSSED = (
    "Managers met; {team} to cost the option to {fix}.",
    "Discussed with the customer's manager: they may fund part of the work.",
    "Second meeting: options narrowed down; waiting for a quote from the vendor.",
    "Customer's manager wants figures on {metric} first.",
)
T_ESC_RESOLVED = (
    "Funding agreed to {fix}; target set as proposed.",
    "Resolved: a lower target until {project}, then the full one.",
    "Customer's manager accepted the IT offer after seeing the costs.",
)
T_ESC_NO_AGREEMENT = (
    "No budget this year; the disagreement stays on record and is reviewed next year.",
    "Managers agreed the current service stays as it is; customer informed.",
)
T_ESC_WITHDRAWN = (
    "Withdrawn: the customer's needs changed after {project}.",
    "Withdrawn by the customer's manager; the unit is being merged.",
)
T_MISS_CAUSE = (
    "A {issue} on {service} caused by {cause}.",
    "{cause} during {event}, so {service} fell short.",
    "The {issue} at {place} came from {cause}.",
)
T_MISS_RESOLUTION = (
    "Service restored after {n} hours; {team} worked through the night.",
    "We had to {fix}; the backlog was cleared the next day.",
    "{team} rolled back the change and restarted {service}.",
)
T_MISS_PREVENTION = (
    "We will {fix} and review the change process with {team}.",
    "Root cause fixed; we also {fix} before {event}.",
    "Added to the risk register; {team} will {fix}.",
)
T_DISCUSSED = (
    "Reviewed {metric} for {service}; the {issue} at {place} was discussed.",
    "Talked through {project} and what it means for {role}.",
    "Went over open expectations and the escalation on {service}.",
    "Unit head raised {wish} again.",
    "Looked ahead to {event} and the risks for {service}.",
)
T_DELIVERED = (
    "Delivered {wish} for {role}.",
    "Fixed the {issue} affecting {service}.",
    "Completed the next phase of {project}.",
    "Trained {role} on {service}.",
    "Nothing new delivered this month; focus was on stability.",
)
T_PLANNED = (
    "Next month: {fix} for {service} before {event}.",
    "Start the {project} pilot at {place}.",
    "Agree targets for {metric} with {role}.",
    "Prepare for {event}: change freeze on {service}.",
)
T_GOALS = (
    "Targets met except {metric} on {service}.",
    "All agreed service levels met.",
    "Missed on {service} because of the {issue}; explanation given.",
    "Mostly met; {metric} still below target.",
)
T_ACTION = (
    "Send {role} the {metric} figures for {service}",
    "Book a follow-up on {service} before {event}",
    "Ask {team} to {fix}",
    "Check the licence count for {service}",
    "Share the maintenance calendar for {service}",
    "Confirm the target for {metric} in writing",
    "Find out why the {issue} at {place} keeps coming back",
)
T_ASSESS_YES = (
    "Their team stops without {service}.",
    "Sits on the management board; visible to everyone.",
    "Speaks for {role} across the region.",
    "Largest user of {service} in the company.",
    "Gives balanced feedback, with facts.",
    "Close to the CFO and listened to.",
    "We agreed targets for {service} together.",
)
T_ASSESS_NO = (
    "Uses {service} now and then only.",
    "Little visibility outside the unit.",
    "Speaks for a small team.",
    "Small consumer of our services.",
    "Complaints come without facts.",
    "Not involved in business decisions.",
    "No agreed expectations yet.",
)
T_UNREASONABLE = (
    "Demands full availability of {service} at any cost and will not discuss it.",
    "Insists on instant fixes for every {issue}; refuses any compromise.",
    "Escalates every ticket straight to the CIO.",
)
T_CONTACT_NOTE = (
    "Prefers a call {time}.",
    "Former store manager; knows {service} inside out.",
    "Joined from a competitor; compares us with their IT.",
    "Champion of {project}.",
    "Busy around {event}; avoid meetings then.",
    "",
    "",
)
T_UNIT_NOTE = (
    "Peak weeks around {event}. Relies on {service}.",
    "Went through {project}; still sensitive about the {issue}.",
    "Agrees its own service levels for {service}.",
    "Many staff at {place}.",
)
T_SURVEY_COMMENT = (
    "Service desk friendlier since {project}.",
    "Still waiting for {wish}.",
    "The {issue} during {event} hurt the scores.",
    "Good quarter; {team} responsive.",
    "Mixed views: {role} happy, others less so.",
    "",
)
T_ISSUE_TITLE = (
    "{Issue} on {service} at {place}",
    "Recurring {issue} on {service}",
    "{Issue} during {event}",
    "{Service}: {issue} {time}",
)
T_ISSUE_DESC = (
    "Reported by {role}; {impact}.",
    "Happens {time}; {team} investigating.",
    "Workaround in place; permanent fix needs to {fix}.",
)
LOCATIONS = (
    "Their office at {place}",
    "Meeting room at head office",
    "Video call",
    "Back office, {place}",
    "Canteen at {place}",
    "Their office",
)
SURVEY_QUESTIONS = (
    "Overall satisfaction with IT",
    "Service desk responsiveness",
    "Reliability of business systems",
    "Communication about changes and outages",
    "Value for money",
    "Delivery of projects on time",
)
CHANGE_NOTES = (
    "Shorter opening; new question on outages.",
    "Reworded the rating questions after feedback from RMs.",
    "Added a restatement before the closing section.",
)

TARGETS: dict[MeasurementType, tuple[float, float, int, str]] = {
    # low, high, decimals, unit
    MeasurementType.AVAILABILITY: (98.5, 99.9, 1, "%"),
    MeasurementType.RESPONSE_TIME: (1.0, 8.0, 1, "seconds"),
    MeasurementType.RESOLUTION_TIME: (4.0, 48.0, 0, "hours"),
    MeasurementType.SATISFACTION: (3.5, 4.5, 1, "score 1-5"),
    MeasurementType.DELIVERY_DATE: (0.0, 5.0, 0, "days late"),
    MeasurementType.THROUGHPUT: (500.0, 5000.0, -2, "orders/hour"),
    MeasurementType.OTHER: (90.0, 99.0, 0, "% on time"),
}
SPREAD = {  # how far a measured value wanders from target, in the target's units
    MeasurementType.AVAILABILITY: 0.6,
    MeasurementType.RESPONSE_TIME: 1.5,
    MeasurementType.RESOLUTION_TIME: 8.0,
    MeasurementType.SATISFACTION: 0.4,
    MeasurementType.DELIVERY_DATE: 3.0,
    MeasurementType.THROUGHPUT: 600.0,
    MeasurementType.OTHER: 4.0,
}

# The interview scripts: (name, purpose, versions); a version lists sections of
# (title, guidance, questions); a question is (kind, text, guidance, choices, condition),
# condition = (index of an earlier question in the version, value) or None.
Q = QuestionKind
_OPENING = (
    "Opening",
    "Say how long you will take and keep to it. You are here to listen, not to defend IT.",
    [
        (Q.OPEN, "How would you describe your job, and what is your team judged on?",
         "Let them talk; note their own words for their work.", (), None),
        (Q.CHOICE, "How long have you been in this role?", "",
         ("Less than a year", "One to three years", "More than three years"), None),
    ],
)  # fmt: skip
_SERVICES_SECTION = (
    "The services you depend on",
    "Follow the chain of work: and what happens next? Name services as they name them.",
    [
        (Q.OPEN, "Which IT services could your team not work without?",
         "Ask for examples from a real busy week.", (), None),
        (Q.YES_NO, "Has an IT problem hurt your team in the last three months?", "", (), None),
        (Q.OPEN, "Tell me what happened, and what it cost you.",
         "Active listening: nod, pause, ask what happened next. Do not defend.", (), (1, "yes")),
        (Q.RATING, "From 1 to 5, how satisfied are you with IT support today?", "", (), None),
        (Q.OPEN, "What would have to change to make that a 4 or a 5?",
         "If they ramble, thank them and bring them back to one concrete change.", (), (3, "<=3")),
    ],
)  # fmt: skip
_EXPECTATIONS_SECTION = (
    "Expectations",
    "Record each expectation in their words. If it is not realistic, propose a compromise; "
    "if none is found, agree to disagree and say you will escalate.",
    [
        (Q.OPEN, "What do you expect from these services, in your own words?", "", (), None),
        (Q.RESTATEMENT, "So what matters most is … Have I understood you correctly?",
         "Restate in their words and wait for a clear yes.", (), None),
        (Q.RATING, "How important is this expectation to your business, from 1 to 5?", "", (),
         None),
    ],
)  # fmt: skip
_CLOSING = (
    "Closing",
    "Summarise what you heard, agree the next steps and thank them.",
    [
        (Q.OPEN, "Is there anything I did not ask that I should have?", "", (), None),
        (Q.YES_NO, "May I come back in three months to review progress?", "", (), None),
    ],
)  # fmt: skip
_REVIEW_SECTION = (
    "Agreed expectations",
    "Go through each agreed expectation and its latest measurements; explain every miss.",
    [
        (Q.RATING, "How well have we met the agreed targets this year, from 1 to 5?", "", (), None),
        (Q.OPEN, "Which miss hurt most, and was our explanation enough?",
         "Customers forgive misses that are explained; find out if ours were.", (), (0, "<=3")),
        (Q.OPEN, "Which targets should change for next year?", "", (), None),
    ],
)  # fmt: skip
_ONBOARDING_SECTION = (
    "Getting to know the unit",
    "A new unit: learn its calendar, its people and the services it uses.",
    [
        (Q.OPEN, "What are the busiest weeks in your year?", "", (), None),
        (Q.OPEN, "Who in your team should we talk to about day-to-day problems?", "", (), None),
        (Q.CHOICE, "How do you usually contact IT?", "",
         ("Phone", "Portal", "Chat", "Through a colleague"), None),
    ],
)  # fmt: skip


def _section_with(section: tuple, extra: list) -> tuple:
    return (section[0], section[1], [*section[2], *extra])


SCRIPTS: tuple[tuple[str, str, list[list[tuple]]], ...] = (
    (
        "Key customer interview",
        "A face-to-face interview with a key customer: their work, the services they "
        "depend on, and what they expect of them.",
        [
            [_OPENING, _SERVICES_SECTION, _EXPECTATIONS_SECTION, _CLOSING],
            [_SERVICES_SECTION, _EXPECTATIONS_SECTION, _CLOSING],
            [
                _SERVICES_SECTION,
                _section_with(
                    _EXPECTATIONS_SECTION,
                    [(Q.YES_NO, "Is this expectation shared by your manager?", "", (), None)],
                ),
                _CLOSING,
            ],
        ],
    ),
    (
        "Annual expectations review",
        "Once a year with each key customer: how the agreed expectations were met, and "
        "what should change.",
        [[_REVIEW_SECTION, _CLOSING], [_REVIEW_SECTION, _EXPECTATIONS_SECTION, _CLOSING]],
    ),
    (
        "New unit onboarding",
        "The first conversation with the head of a unit new to the portfolio.",
        [[_ONBOARDING_SECTION, _SERVICES_SECTION, _CLOSING]],
    ),
    (
        "Follow-up after an incident",
        "A short conversation after a serious incident: what it cost, and whether the "
        "explanation was enough.",
        [
            [_SERVICES_SECTION, _CLOSING],
            [_section_with(_SERVICES_SECTION, []), _REVIEW_SECTION, _CLOSING],
        ],
    ),
)

FREE_TEXT = (QuestionKind.OPEN, QuestionKind.RESTATEMENT)
_SLOT = re.compile(r"\{(\w+)\}")
_A_AN = re.compile(r"\b([Aa]) ([aeioAEIO])")  # "a outage" -> "an outage"


class _Text:
    """Fills phrase templates from the word pools; ``{Slot}`` capitalises the word.

    For speed, each template is filled :data:`FRAMES` times up front with every slot but the
    late ones (the service, a target, a frequency: what the caller usually knows), and a text
    is one of those frames with its late slots filled in."""

    LATE = frozenset({"service", "target", "frequency"})
    FRAMES = 200

    def __init__(self, rng: random.Random, services: Sequence[str]):
        self.rng = rng
        self.pools = {**POOLS, "service": tuple(services)}
        self._frames: dict[str, list[str]] = {}

    def _word(self, slot: str, given: dict[str, str]) -> str:
        key = slot.lower()
        word = given[key] if key in given else self.rng.choice(self.pools[key])
        return word[:1].upper() + word[1:] if slot[0].isupper() else word

    def _frame(self, parts: list[str]) -> str:
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            slot = parts[i]
            out.append("{" + slot + "}" if slot.lower() in self.LATE else self._word(slot, {}))
            out.append(parts[i + 1])
        return _A_AN.sub(r"\1n \2", "".join(out))

    def fill(self, template: str, **given: str) -> str:
        frames = self._frames.get(template)
        if frames is None:
            parts = _SLOT.split(template)
            frames = self._frames[template] = [self._frame(parts) for _ in range(self.FRAMES)]
        text = self.rng.choice(frames)
        if "{" in text:
            text = _SLOT.sub(lambda m: self._word(m.group(1), given), text)
        return text[:1].upper() + text[1:]

    def one(self, templates: Sequence[str], **given: str) -> str:
        return self.fill(self.rng.choice(templates), **given)

    def some(self, templates: Sequence[str], low: int, high: int, **given: str) -> str:
        return " ".join(self.one(templates, **given) for _ in range(self.rng.randint(low, high)))


# --------------------------------------------------------------------------------------------
# Dates


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _periods(freq: Frequency, after: dt.date, before: dt.date, limit: int) -> list:
    """Up to ``limit`` most recent complete periods of ``freq`` that start on or after
    ``after`` and end before ``before``: (label, last day), oldest first."""
    out: list[tuple[str, dt.date]] = []
    if freq is Frequency.WEEKLY:
        start = before - dt.timedelta(days=before.weekday() + 7)
        while len(out) < limit and start >= after:
            end = start + dt.timedelta(days=6)
            out.append((start.strftime("%G-W%V"), end))
            start -= dt.timedelta(days=7)
    elif freq is Frequency.MONTHLY:
        start = _add_months(_month_start(before), -1)
        while len(out) < limit and start >= after:
            end = _add_months(start, 1) - dt.timedelta(days=1)
            out.append((start.strftime("%Y-%m"), end))
            start = _add_months(start, -1)
    else:
        first = dt.date(before.year, 3 * ((before.month - 1) // 3) + 1, 1)
        start = _add_months(first, -3)
        while len(out) < limit and start >= after:
            end = _add_months(start, 3) - dt.timedelta(days=1)
            out.append((_quarter(start), end))
            start = _add_months(start, -3)
    out.reverse()
    return out


class _Unit:
    __slots__ = (
        "contacts",
        "criticality",
        "division",
        "head",
        "id",
        "interview_times",
        "interviews",
        "keys",
        "name",
        "rms",
        "services",
        "start",
    )

    def __init__(self, id_: uuid.UUID, name: str, division: str, start: dt.date):
        self.id = id_
        self.name = name
        self.division = division
        self.start = start
        self.head: uuid.UUID | None = None
        self.contacts: list[uuid.UUID] = []
        self.keys: list[uuid.UUID] = []
        self.rms: list[uuid.UUID] = []
        self.services: list[tuple[uuid.UUID, str]] = []
        self.interviews: list[tuple[dt.datetime, uuid.UUID, uuid.UUID]] = []  # sorted later
        self.interview_times: list[dt.datetime] = []
        self.criticality = Criticality.MEDIUM


class _Rows:
    """The rows of expectations and what hangs off them, gathered before writing."""

    def __init__(self) -> None:
        self.exp_rows: list[dict[str, Any]] = []
        self.ev_rows: list[dict[str, Any]] = []
        self.m_rows: list[dict[str, Any]] = []
        self.esc_rows: list[dict[str, Any]] = []
        self.esc_ev_rows: list[dict[str, Any]] = []


class _Builder:
    s: Session  # the session of the phase being written

    def __init__(self, seed: int, scale: float, today: dt.date):
        self.rng = random.Random(seed)
        self.scale = scale
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(), UTC)  # everything past is before this
        self.start = _years_before(today, YEARS) + dt.timedelta(days=1)
        self.units: list[_Unit] = []
        self.staff_manager: dict[uuid.UUID, uuid.UUID | None] = {}
        self.inactive_rms: list[uuid.UUID] = []
        self.contact_created: dict[uuid.UUID, dt.datetime] = {}
        self.contact_manager: dict[uuid.UUID, uuid.UUID | None] = {}

    # helpers ----------------------------------------------------------------------------
    def n(self, base: int, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        span = (hi - lo).days
        return lo + dt.timedelta(days=self.rng.randint(0, max(0, span)))

    def at_work(self, day: dt.date) -> dt.datetime:
        """A time in office hours on ``day`` (moved off weekends)."""
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        minutes = self.rng.randrange(8 * 60, 17 * 60 + 30, 5)
        return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=UTC)

    def past(self, moment: dt.datetime) -> dt.datetime:
        """``moment``, or a moment just before now if it would be in the future."""
        if moment < self.now:
            return moment
        return self.now - dt.timedelta(minutes=self.rng.randint(30, 3000))

    def later(self, moment: dt.datetime, lo_days: float, hi_days: float) -> dt.datetime:
        """A moment some days after ``moment``, but never in the future: if it would be, half
        way between ``moment`` and now (so a sequence of steps keeps its order)."""
        minutes = self.rng.randint(int(lo_days * 1440), int(hi_days * 1440))
        result = moment + dt.timedelta(minutes=minutes)
        if result < self.now or moment >= self.now:
            return result
        return moment + (self.now - moment) / 2

    def row(
        self,
        created: dt.datetime,
        updated: dt.datetime | None = None,
        version: int = 1,
        id_: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        return {
            "id": id_ or self.uid(),
            "created_at": created,
            "updated_at": updated or created,
            "version": version,
        }

    def write(self, table: Any, rows: list[dict[str, Any]]) -> None:
        _write(self.s, _t(table), rows)

    def rm_for(self, unit: _Unit, when: dt.datetime) -> uuid.UUID:
        if (
            self.inactive_rms
            and (when.date() - self.start).days < 5 * 365
            and self.rng.random() < 0.2
        ):
            return self.rng.choice(self.inactive_rms)
        return self.rng.choice(unit.rms)

    # phases -----------------------------------------------------------------------------
    def staff_and_services(self) -> None:
        rng = self.rng
        t0 = dt.datetime.combine(self.start, dt.time(9), UTC)
        used: set[str] = set()

        def person() -> str:
            for _ in range(50):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if name not in used:
                    used.add(name)
                    return name
            return name

        def email(name: str) -> str:
            return name.lower().replace(" ", ".").replace("'", "") + "@it.jeans-r-us.example"

        staff_rows = []
        head = self.uid()
        name = person()
        staff_rows.append(
            {
                **self.row(t0, id_=head),
                "name": name,
                "email": email(name),
                "role": StaffRole.HEAD_OF_IT,
                "reports_to_id": None,
                "active": True,
            }
        )
        managers = []
        for _ in range(self.n(N_MANAGERS, 2)):
            mid = self.uid()
            name = person()
            managers.append(mid)
            self.staff_manager[mid] = head
            staff_rows.append(
                {
                    **self.row(t0, id_=mid),
                    "name": name,
                    "email": email(name),
                    "role": StaffRole.MANAGER,
                    "reports_to_id": head,
                    "active": True,
                }
            )
        self.active_rms: list[uuid.UUID] = []
        n_rms = self.n(N_RMS, 3)
        n_inactive = round(n_rms * 0.13)
        for i in range(n_rms):
            rid = self.uid()
            name = person()
            boss = managers[i % len(managers)]
            self.staff_manager[rid] = boss
            active = i >= n_inactive
            (self.active_rms if active else self.inactive_rms).append(rid)
            created = self.at_work(
                self.day_between(self.start, self.start + dt.timedelta(days=900))
            )
            updated = (
                created
                if active
                else self.at_work(
                    self.day_between(
                        self.start + dt.timedelta(days=1200), self.today - dt.timedelta(days=400)
                    )
                )
            )
            staff_rows.append(
                {
                    **self.row(created, updated, 1 if active else 2, rid),
                    "name": name,
                    "email": email(name),
                    "role": StaffRole.RM,
                    "reports_to_id": boss,
                    "active": active,
                }
            )
        self.managers = managers
        self.write(Staff, staff_rows)
        self.s.execute(
            _t(Setting).insert(), [{"key": CURRENT_USER, "value": str(self.active_rms[0])}]
        )

        self.services: list[tuple[uuid.UUID, str]] = []
        rows = []
        for name, description, team in SERVICES[: self.n(N_SERVICES, 12)]:
            sid = self.uid()
            owner = f"{team[:1].upper()}{team[1:]} ({person()})"
            created = t0 + dt.timedelta(days=rng.randint(0, 60))
            rows.append(
                {
                    **self.row(created, id_=sid),
                    "name": name,
                    "description": description,
                    "owner": owner,
                }
            )
            self.services.append((sid, name))
        self.write(Service, rows)
        self.text = _Text(rng, [name for _, name in self.services])

    def units_and_contacts(self) -> None:
        rng = self.rng
        text = self.text
        names = [
            (div, f"{func} {region}")
            for div, funcs in DIVISIONS.items()
            for func in funcs
            for region in REGIONS
        ]
        rng.shuffle(names)
        n_units = self.n(N_UNITS, 3)
        unit_rows, us_rows, ur_rows = [], [], []
        rm_load = {r: 0 for r in self.active_rms}
        for division, name in sorted(names[:n_units], key=lambda p: p[1]):
            late = rng.random() < 0.25
            start = (
                self.day_between(self.start, self.today - dt.timedelta(days=700))
                if late
                else self.start
            )
            unit = _Unit(self.uid(), name, division, start)
            unit.criticality = rng.choices(list(Criticality), (2, 5, 3, 1))[0]
            self.units.append(unit)
            created = self.at_work(start)
            k = rng.randint(5, 14)
            for sid, sname in rng.sample(self.services, min(k, len(self.services))):
                unit.services.append((sid, sname))
                us_rows.append(
                    {
                        **self.row(self.later(created, 0, 60)),
                        "unit_id": unit.id,
                        "service_id": sid,
                        "dependence": rng.choices(list(Dependence), (2, 4, 3, 1))[0],
                    }
                )
            # RMs: the least loaded first, sometimes a second one
            order = sorted(rm_load, key=lambda r: (rm_load[r], rng.random()))
            unit.rms = order[: 2 if rng.random() < 0.25 else 1]
            for r in unit.rms:
                rm_load[r] += 1
                ur_rows.append({"unit_id": unit.id, "staff_id": r})
            unit_rows.append(
                {
                    **self.row(created, self.later(created, 30, 400), rng.randint(1, 4), unit.id),
                    "name": name,
                    "division": division,
                    "head_id": None,
                    "criticality": unit.criticality,
                    "own_service_levels": rng.random() < 0.15,
                    "notes": text.one(T_UNIT_NOTE, service=unit.services[0][1]),
                }
            )
        self.write(BusinessUnit, unit_rows)
        self.write(UnitService, us_rows)
        self.write(unit_rms, ur_rows)

        # contacts: at least three per unit, the rest spread unevenly
        n_contacts = max(self.n(N_CONTACTS), 3 * n_units)
        weights = [rng.uniform(0.3, 2.0) for _ in self.units]
        counts = [3] * n_units
        for i in rng.choices(range(n_units), weights, k=n_contacts - 3 * n_units):
            counts[i] += 1
        contact_rows, heads = [], []
        division_head: dict[str, uuid.UUID] = {}
        for unit, count in zip(self.units, counts, strict=True):
            function = unit.name.rsplit(" ", 1)[0]
            for j in range(count):
                cid = self.uid()
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                name = f"{first} {last}"
                if j == 0:
                    title = f"Head of {unit.name}"
                    created = self.at_work(unit.start)
                    manager = division_head.get(unit.division)
                    if manager is None:
                        division_head[unit.division] = cid
                    unit.head = cid
                    heads.append({"b_id": unit.id, "b_head": cid, "b_updated": None})
                else:
                    title = rng.choice(
                        (
                            "Manager",
                            "Team Lead",
                            "Analyst",
                            "Coordinator",
                            "Specialist",
                            "Supervisor",
                            "Planner",
                            "Director",
                        )
                    )
                    title = f"{function} {title}" if rng.random() < 0.6 else title
                    created = self.at_work(
                        self.day_between(unit.start, self.today - dt.timedelta(days=60))
                    )
                    manager = unit.head
                unit.contacts.append(cid)
                self.contact_created[cid] = created
                self.contact_manager[cid] = manager
                slug = f"{first}.{last}".lower().replace("'", "")
                suffix = rng.randint(1, 99) if rng.random() < 0.3 else ""
                phone = (
                    f"+{rng.choice((31, 32, 33, 34, 39, 44, 45, 46, 48, 49))} "
                    f"{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                )
                contact_rows.append(
                    {
                        **self.row(created, self.later(created, 0, 30), 1, cid),
                        "name": name,
                        "title": title,
                        "unit_id": unit.id,
                        "email": f"{slug}{suffix}@jeans-r-us.example",
                        "phone": phone,
                        "manager_id": manager,
                        "notes": text.one(T_CONTACT_NOTE),
                        "is_key": False,
                    }
                )
        self.assessment_rows = self._assess({r["id"]: r for r in contact_rows})
        # Each contact is written after their manager: division heads (no manager), then the
        # other unit heads, then everyone else.
        heads_set = {h["b_head"] for h in heads}
        contact_rows.sort(
            key=lambda r: 0 if r["manager_id"] is None else 1 if r["id"] in heads_set else 2
        )
        self.write(Contact, contact_rows)
        # The heads close the circle unit -> head -> unit: set them now, keeping the units'
        # own updated_at (a Core UPDATE would otherwise stamp it with the clock).
        updated = {r["id"]: r["updated_at"] for r in unit_rows}
        for h in heads:
            h["b_updated"] = updated[h["b_id"]]
        table = _t(BusinessUnit)
        self.s.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values(head_id=bindparam("b_head"), updated_at=bindparam("b_updated")),
            heads,
        )

    def _assess(self, contacts: dict[uuid.UUID, dict[str, Any]]) -> list[dict[str, Any]]:
        """Assessments of most contacts; each contact's ``is_key`` follows its latest one."""
        rng = self.rng
        text = self.text
        rows = []
        for unit in self.units:
            for cid in unit.contacts:
                head = cid == unit.head
                if not head and rng.random() < 0.3:
                    continue
                lean = rng.uniform(0.1, 0.85) if not head else rng.uniform(0.5, 0.95)
                created = self.contact_created[cid].date()
                span = (self.today - created).days
                times = sorted(
                    rng.sample(range(7, max(9, span)), min(rng.randint(1, 3), max(1, span - 8)))
                )
                latest = False
                for k, offset in enumerate(times):
                    day = created + dt.timedelta(days=offset)
                    criteria = [rng.random() < lean for _ in range(7)]
                    unreasonable = rng.random() < 0.07
                    notes = {}
                    for i, yes in enumerate(criteria, start=1):
                        notes[f"c{i}"] = yes
                        notes[f"note{i}"] = (
                            text.fill(
                                T_ASSESS_YES[i - 1] if yes else T_ASSESS_NO[i - 1],
                                service=rng.choice(unit.services)[1],
                            )
                            if rng.random() < 0.45
                            else ""
                        )
                    key = is_key(criteria, unreasonable)
                    at = self.at_work(day)
                    rows.append(
                        {
                            **self.row(at),
                            "contact_id": cid,
                            "assessor_id": self.rm_for(unit, at),
                            "assessed_on": day,
                            **notes,
                            "unreasonable": unreasonable,
                            "unreasonable_note": text.one(T_UNREASONABLE) if unreasonable else "",
                            "is_key": key,
                        }
                    )
                    latest = key if k == len(times) - 1 else latest
                contact = contacts[cid]
                contact["is_key"] = latest
                contact["updated_at"] = max(contact["updated_at"], rows[-1]["created_at"])
                contact["version"] += len(times)
                if latest:
                    unit.keys.append(cid)
        return rows

    def assessments(self) -> None:
        self.write(Assessment, self.assessment_rows)
        del self.assessment_rows

    def scripts(self) -> None:
        rng = self.rng
        script_rows, version_rows, section_rows, question_rows = [], [], [], []
        # per script: its versions in order, to find the one in force on a date
        self.script_versions: dict[uuid.UUID, list[tuple[dt.datetime, uuid.UUID, list]]] = {}
        span = (self.today - self.start).days
        for s_index, (name, purpose, versions) in enumerate(SCRIPTS):
            sid = self.uid()
            first = self.start + dt.timedelta(days=s_index * 40)
            later = (
                first + dt.timedelta(days=rng.randint(span // 4, span - 200)) for _ in versions[1:]
            )
            times = sorted(self.at_work(day) for day in [first, *later])
            script_rows.append(
                {
                    **self.row(times[0], times[-1], 1, sid),
                    "name": name,
                    "purpose": purpose,
                    "archived": False,
                }
            )
            for number, (sections, at) in enumerate(zip(versions, times, strict=True), start=1):
                vid = self.uid()
                version_rows.append(
                    {
                        **self.row(at, id_=vid),
                        "script_id": sid,
                        "number": number,
                        "change_note": "First version"
                        if number == 1
                        else CHANGE_NOTES[(number + s_index) % len(CHANGE_NOTES)],
                    }
                )
                flat: list[tuple] = []  # (question id, kind, choices, condition_value, cond index)
                for pos, (title, guidance, questions) in enumerate(sections, start=1):
                    sec_id = self.uid()
                    section_rows.append(
                        {
                            **self.row(at, id_=sec_id),
                            "version_id": vid,
                            "position": pos,
                            "title": title,
                            "guidance": guidance,
                        }
                    )
                    base = len(flat)
                    for q_pos, (kind, q_text, q_guidance, choices, cond) in enumerate(
                        questions, start=1
                    ):
                        qid = self.uid()
                        cond_id, cond_value, cond_index = None, "", None
                        if cond is not None:
                            # a condition names an earlier question of its section (0-based)
                            if not 0 <= cond[0] < q_pos - 1:
                                raise ValueError(f"bad condition in {name}: {q_text}")
                            cond_index = base + cond[0]
                            cond_id, cond_value = flat[cond_index][0], cond[1]
                        question_rows.append(
                            {
                                **self.row(at, id_=qid),
                                "section_id": sec_id,
                                "position": q_pos,
                                "kind": kind,
                                "text": q_text,
                                "guidance": q_guidance,
                                "choices": list(choices),
                                "condition_question_id": cond_id,
                                "condition_value": cond_value,
                            }
                        )
                        flat.append((qid, kind, choices, cond_value, cond_index))
                self.script_versions.setdefault(sid, []).append((at, vid, flat))
        self.write(Script, script_rows)
        self.write(ScriptVersion, version_rows)
        self.write(ScriptSection, section_rows)
        self.write(Question, question_rows)
        self.script_ids = [r["id"] for r in script_rows]
        self.script_weights = [6, 2, 1, 1][: len(self.script_ids)]

    def _answer(self, kind: QuestionKind, choices: Sequence[str], unit: _Unit) -> str:
        rng = self.rng
        if kind is QuestionKind.RATING:
            return str(rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 5, 3))[0])
        if kind is QuestionKind.YES_NO:
            return "yes" if rng.random() < 0.5 else "no"
        if kind is QuestionKind.CHOICE:
            return rng.choice(choices)
        service = rng.choice(unit.services)[1]
        if kind is QuestionKind.RESTATEMENT:
            return rng.choice(("Yes, that's it. ", "Not quite. ", "Mostly. ")) + self.text.one(
                T_ANSWER, service=service
            )
        return self.text.some(T_ANSWER, 1, 2, service=service)

    def interviews(self) -> None:
        rng = self.rng
        text = self.text
        n = self.n(N_INTERVIEWS)
        weights = [len(u.contacts) for u in self.units]
        horizon = self.today + dt.timedelta(days=30)
        iv_rows, link_rows, answer_rows, action_rows = [], [], [], []
        unit_picks = rng.choices(self.units, weights, k=n)
        for unit in unit_picks:
            pool = unit.keys if unit.keys and rng.random() < 0.75 else unit.contacts
            primary = rng.choice(pool)
            others = [
                c
                for c in rng.sample(
                    unit.contacts, min(len(unit.contacts), rng.choice((0, 0, 0, 1, 1, 2)))
                )
                if c != primary
            ]
            lo = self.contact_created[primary].date() + dt.timedelta(days=1)
            for c in others:
                lo = max(lo, self.contact_created[c].date() + dt.timedelta(days=1))
            day = self.day_between(lo, horizon)
            scheduled = self.at_work(day)
            if scheduled.date() < lo:
                scheduled += dt.timedelta(days=7)
            if self.now <= scheduled < self.now + dt.timedelta(days=1):
                scheduled += dt.timedelta(days=1)
            script = rng.choices(self.script_ids, self.script_weights)[0]
            versions = self.script_versions[script]
            _, vid, flat = versions[0]
            for v in versions:
                if v[0] <= scheduled:
                    _, vid, flat = v
            duration = rng.choice((30, 45, 60, 60, 60, 90))
            rm = self.rm_for(unit, scheduled)
            created = min(
                scheduled - dt.timedelta(days=rng.randint(2, 30)), self.now - dt.timedelta(hours=2)
            )
            created = min(max(created, self.contact_created[primary]), scheduled)
            iid = self.uid()
            started = finished = None
            notes = summary = ""
            version = 1
            if scheduled >= self.now:
                status = InterviewStatus.PLANNED
                updated = created
            elif scheduled > self.now - dt.timedelta(days=4) and rng.random() < 0.3:
                status = InterviewStatus.IN_PROGRESS
            elif rng.random() < 0.06:
                status = InterviewStatus.CANCELLED
            else:
                status = InterviewStatus.COMPLETED
            if status is InterviewStatus.CANCELLED:
                notes = "Cancelled: " + rng.choice(
                    (
                        "customer ill",
                        "clash with " + rng.choice(EVENTS),
                        "RM travelling",
                        "moved to next month",
                    )
                )
                updated = self.past(created + (scheduled - created) * rng.uniform(0.2, 0.95))
                version = 2
            elif status is not InterviewStatus.PLANNED:
                started = scheduled + dt.timedelta(minutes=rng.randint(0, 10))
                notes = text.some(T_NOTES, 2, 5, service=rng.choice(unit.services)[1])
                version = 3
                if status is InterviewStatus.COMPLETED:
                    finished = self.past(
                        started + dt.timedelta(minutes=duration + rng.randint(-10, 20))
                    )
                    summary = text.one(T_SUMMARY, service=rng.choice(unit.services)[1])
                    updated = finished
                    version = 4
                else:
                    updated = self.past(started + dt.timedelta(minutes=duration // 2))
                # answers: each question asked with some probability, conditions respected
                given: dict[int, str] = {}
                limit = len(flat) if status is InterviewStatus.COMPLETED else len(flat) // 2
                for index, (qid, kind, choices, cond_value, cond_index) in enumerate(flat[:limit]):
                    if cond_index is not None:
                        if not _condition_met(cond_value, given.get(cond_index)):
                            continue
                        chance = 0.8
                    else:
                        chance = 0.3 if kind in FREE_TEXT else 0.5
                    if rng.random() >= chance:
                        continue
                    value = self._answer(kind, choices, unit)
                    given[index] = value
                    at = self.past(started + dt.timedelta(minutes=3 + 4 * index))
                    answer_rows.append(
                        {**self.row(at), "interview_id": iid, "question_id": qid, "value": value}
                    )
                if status is InterviewStatus.COMPLETED and rng.random() < 0.2:
                    for _ in range(rng.randint(1, 2)):
                        action_rows.append(self._action(finished, unit, interview_id=iid))
                unit.interviews.append((finished or started, iid, primary))
            iv_rows.append(
                {
                    **self.row(created, updated, version, iid),
                    "script_version_id": vid,
                    "rm_id": rm,
                    "unit_id": unit.id,
                    "scheduled_at": scheduled,
                    "duration_minutes": duration,
                    "location": text.one(LOCATIONS),
                    "status": status,
                    "started_at": started,
                    "finished_at": finished,
                    "notes": notes,
                    "summary": summary,
                }
            )
            link_rows.append({"interview_id": iid, "contact_id": primary})
            link_rows.extend({"interview_id": iid, "contact_id": c} for c in others)
        self.write(Interview, iv_rows)
        self.write(interview_contacts, link_rows)
        self.write(Answer, answer_rows)
        self.action_rows = action_rows
        for unit in self.units:
            unit.interviews.sort(key=lambda x: x[0])
            unit.interview_times = [x[0] for x in unit.interviews]

    def _action(
        self,
        when: dt.datetime,
        unit: _Unit,
        *,
        interview_id: uuid.UUID | None = None,
        meeting_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        due = when.date() + dt.timedelta(days=rng.choice((7, 14, 14, 21, 30, 45)))
        done_at = None
        version = 1
        if due < self.today - dt.timedelta(days=20):
            # nearly everything old was done; some recent ones are overdue
            if rng.random() < (0.995 if due < self.today - dt.timedelta(days=180) else 0.9):
                done_at = self.past(self.at_work(due - dt.timedelta(days=rng.randint(-10, 12))))
        elif rng.random() < 0.4:
            done_at = self.past(self.later(when, 1, 20))
        if done_at is not None and done_at < when:
            done_at = self.past(self.later(when, 0.1, 5))
        if done_at is not None:
            version = 2
        by_staff = rng.random() < 0.65
        return {
            **self.row(when, done_at or when, version),
            "meeting_id": meeting_id,
            "interview_id": interview_id,
            "text": self.text.one(T_ACTION, service=rng.choice(unit.services)[1]),
            "owner_staff_id": rng.choice(unit.rms) if by_staff else None,
            "owner_contact_id": None if by_staff else rng.choice(unit.contacts),
            "due_on": due,
            "done_at": done_at,
        }

    def expectations(self) -> None:
        rng = self.rng
        n = self.n(N_EXPECTATIONS)
        S = ExpectationStatus
        plan: list[tuple[ExpectationStatus, str]] = []
        for status, share in STATUS_SHARE:
            plan += [(status, "")] * max(1, round(n * share))
        via_agreed = max(1, round(n * AGREED_VIA_ESCALATION))
        via_disagreed = max(2, round(n * DISAGREED_VIA_ESCALATION))
        n_disagreed = sum(1 for p in plan if p[0] is S.DISAGREED)
        plan = [p for p in plan if p[0] is not S.DISAGREED]
        plan += [
            (S.DISAGREED, "esc-resolved" if i % 3 != 2 else "esc-withdrawn")
            for i in range(min(via_disagreed, n_disagreed))
        ]
        plan += [(S.DISAGREED, "")] * max(0, n_disagreed - via_disagreed)
        plan += [(S.AGREED, "esc")] * via_agreed
        plan += [(S.AGREED, "")] * max(1, n - len(plan))
        plan = plan[:n] if len(plan) > n else plan
        rng.shuffle(plan)

        out = _Rows()
        self.escalated_seen = 0
        for status, route in plan:
            self._expectation(status, route, out)
        self.write(Expectation, out.exp_rows)
        self.write(ExpectationEvent, out.ev_rows)
        self.write(Escalation, out.esc_rows)
        self.write(EscalationEvent, out.esc_ev_rows)
        self.m_rows = out.m_rows

    def _expectation(self, status: ExpectationStatus, route: str, out: _Rows) -> None:
        """One expectation with its history, its escalation and measurements if any.

        ``route``: "" for the plain path to ``status``; "esc" (agreed when its escalation was
        resolved), "esc-resolved" (resolved without agreement) or "esc-withdrawn"."""
        rng = self.rng
        text = self.text
        S = ExpectationStatus
        unit = rng.choice(self.units)
        recent = status in (S.STATED, S.VALIDATED, S.NEGOTIATING, S.ESCALATED)
        window = {S.STATED: 120, S.VALIDATED: 180, S.NEGOTIATING: 240, S.ESCALATED: 300}
        if recent:
            lo = max(unit.start, self.today - dt.timedelta(days=window[status]))
            hi = self.today - dt.timedelta(days=45 if status is S.ESCALATED else 3)
        else:
            lo = unit.start
            hi = self.today - dt.timedelta(days=160)
        lo_t = dt.datetime.combine(lo, dt.time(), UTC)
        hi_t = dt.datetime.combine(max(lo, hi), dt.time(), UTC)
        interview = None
        a, b = (
            bisect.bisect_left(unit.interview_times, lo_t),
            bisect.bisect_right(unit.interview_times, hi_t),
        )
        if b > a and rng.random() < 0.75:
            interview = unit.interviews[rng.randrange(a, b)]
        if interview is not None:
            stated_at = interview[0] + dt.timedelta(minutes=rng.randint(5, 120))
            contact = interview[2]
        else:
            stated_at = self.at_work(self.day_between(lo, max(lo, hi)))
            contact = rng.choice(unit.keys or unit.contacts)
            if self.contact_created[contact] > stated_at:
                contact = unit.head
        stated_at = self.past(stated_at)
        service_id, service = rng.choice(unit.services)
        rm = self.rm_for(unit, stated_at)
        manager = self.staff_manager.get(rm) or self.managers[0]
        mtype = rng.choices(list(MeasurementType), (5, 4, 4, 2, 2, 1, 1))[0]
        eid = self.uid()
        statement = text.one(T_STATEMENT[mtype], service=service)
        low, high, decimals, target_unit = TARGETS[mtype]
        target = round(rng.uniform(low, high), decimals)
        direction = DEFAULT_DIRECTION[mtype]
        frequency = rng.choices(list(Frequency), (1, 5, 2))[0]
        events: list[dict[str, Any]] = []
        at = stated_at

        def event(
            kind: EventKind,
            body: str,
            *,
            by: uuid.UUID = rm,
            party: Party | None = None,
            proposed: float | None = None,
            gap: tuple[float, float] = (1, 12),
        ) -> None:
            nonlocal at
            if events:
                at = self.later(at, *gap)
            events.append(
                {
                    **self.row(at),
                    "expectation_id": eid,
                    "kind": kind,
                    "author_id": by,
                    "at": at,
                    "party": party,
                    "text": body,
                    "proposed_target": proposed,
                }
            )

        def fmt(value: float) -> str:
            return f"{value:g} {target_unit}"

        event(EventKind.STATED, statement, party=Party.CUSTOMER)
        if status is S.WITHDRAWN and rng.random() < 0.3:
            event(EventKind.WITHDRAWN, text.one(T_WITHDRAWN, service=service))
        elif status is not S.STATED:
            event(EventKind.VALIDATED, text.one(T_VALIDATED, service=service))
            negotiate = status is S.NEGOTIATING or (
                status is not S.VALIDATED and (route or rng.random() < 0.55)
            )
            if negotiate:
                stricter = -1 if direction is Direction.AT_MOST else 1
                step = SPREAD[mtype] / 2
                ask = round(target + stricter * step, max(decimals, 0) + 1)
                offer = round(target - stricter * step, max(decimals, 0) + 1)
                rounds = rng.randint(1, 4)
                customer_first = rng.random() < 0.5
                for r in range(rounds):
                    customer = (r % 2 == 0) == customer_first
                    value = ask if customer else offer
                    body = text.one(
                        T_PROPOSE_CUSTOMER if customer else T_PROPOSE_IT,
                        target=fmt(value),
                        service=service,
                    )
                    event(
                        EventKind.PROPOSED if r == 0 else EventKind.COUNTER_PROPOSED,
                        body,
                        party=Party.CUSTOMER if customer else Party.IT,
                        proposed=value,
                    )
                    ask = round((ask + target) / 2, max(decimals, 0) + 1)
                    offer = round((offer + target) / 2, max(decimals, 0) + 1)
            if rng.random() < 0.1:
                event(EventKind.NOTE, text.one(T_EXP_NOTE, service=service))
            if route or status in (S.ESCALATED, S.DISAGREED):
                event(
                    EventKind.DISAGREED,
                    text.one(T_DISAGREED, target=fmt(target), service=service),
                )
            if route or status is S.ESCALATED:
                summary = text.one(T_ESC_SUMMARY, target=fmt(target), service=service)
                event(EventKind.ESCALATED, summary, gap=(1, 10))
                esc_id = self.uid()
                opened = at
                esc_events = [(EscalationEventKind.OPENED, rm, opened, summary)]
                e_at = opened
                if status is S.ESCALATED:
                    self.escalated_seen += 1
                    esc_status = (
                        EscalationStatus.IN_DISCUSSION
                        if self.escalated_seen % 2
                        else EscalationStatus.OPEN
                    )
                elif route == "esc-withdrawn":
                    esc_status = EscalationStatus.WITHDRAWN
                else:
                    esc_status = EscalationStatus.RESOLVED
                talks = rng.randint(1, 3) if esc_status is not EscalationStatus.OPEN else 0
                for _ in range(talks):
                    e_at = self.later(e_at, 2, 12)
                    esc_events.append(
                        (
                            EscalationEventKind.DISCUSSED,
                            manager,
                            e_at,
                            text.one(T_ESC_DISCUSSED),
                        )
                    )
                resolved_at, resolution = None, ""
                if esc_status is EscalationStatus.RESOLVED:
                    e_at = self.later(e_at, 2, 15)
                    resolved_at = e_at
                    resolution = text.one(T_ESC_RESOLVED if route == "esc" else T_ESC_NO_AGREEMENT)
                    esc_events.append((EscalationEventKind.RESOLVED, manager, e_at, resolution))
                    at = e_at
                    if route == "esc":
                        event(
                            EventKind.AGREED,
                            f"Agreed on escalation: {resolution}",
                            by=manager,
                            proposed=target,
                            gap=(0, 0),
                        )
                    else:
                        event(
                            EventKind.DISAGREED,
                            f"Escalation resolved without agreement: {resolution}",
                            by=manager,
                            gap=(0, 0),
                        )
                elif esc_status is EscalationStatus.WITHDRAWN:
                    e_at = self.later(e_at, 2, 15)
                    resolved_at = e_at
                    resolution = text.one(T_ESC_WITHDRAWN)
                    esc_events.append((EscalationEventKind.WITHDRAWN, manager, e_at, resolution))
                    at = e_at
                    event(
                        EventKind.NOTE,
                        f"Escalation withdrawn: {resolution}",
                        by=manager,
                        gap=(0, 0),
                    )
                customer_manager = self.contact_manager.get(contact) or unit.head
                out.esc_rows.append(
                    {
                        **self.row(opened, e_at, len(esc_events), esc_id),
                        "expectation_id": eid,
                        "raised_by_id": rm,
                        "rm_manager_id": manager,
                        "customer_manager_id": customer_manager,
                        "status": esc_status,
                        "summary": summary,
                        "opened_at": opened,
                        "due_on": opened.date()
                        + dt.timedelta(days=rng.choice((7, 14, 14, 21, 30))),
                        "resolved_at": resolved_at,
                        "resolution": resolution,
                    }
                )
                out.esc_ev_rows.extend(
                    {
                        **self.row(when),
                        "escalation_id": esc_id,
                        "kind": kind,
                        "author_id": by,
                        "at": when,
                        "text": body,
                    }
                    for kind, by, when, body in esc_events
                )
            elif status is S.AGREED:
                event(
                    EventKind.AGREED,
                    text.one(T_AGREED, target=fmt(target), frequency=frequency.value),
                    proposed=target,
                )
            elif status is S.WITHDRAWN:
                event(EventKind.WITHDRAWN, text.one(T_WITHDRAWN, service=service))
        agreed = status is S.AGREED
        agreed_at = at if agreed else None
        review_on = None
        if agreed:
            assert agreed_at is not None
            cycle = rng.choice((91, 182, 365))
            review_on = agreed_at.date() + dt.timedelta(days=cycle)
            while review_on < self.today - dt.timedelta(days=3):
                review_on += dt.timedelta(days=cycle)
            out.m_rows.extend(
                self._measurements(
                    eid, agreed_at, mtype, target, direction, frequency, rm, service, unit
                )
            )
        has_terms = agreed
        out.exp_rows.append(
            {
                **self.row(stated_at, at, len(events), eid),
                "unit_id": unit.id,
                "contact_id": contact,
                "service_id": service_id,
                "rm_id": rm,
                "interview_id": interview[1] if interview else None,
                "statement": statement,
                "status": status,
                "target": target if has_terms else None,
                "target_unit": target_unit if has_terms else "",
                "direction": direction if has_terms else None,
                "measurement_type": mtype if has_terms else None,
                "frequency": frequency if has_terms else None,
                "review_on": review_on,
                "agreed_at": agreed_at,
            }
        )
        out.ev_rows.extend(events)

    def _measurements(
        self,
        eid: uuid.UUID,
        agreed_at: dt.datetime,
        mtype: MeasurementType,
        target: float,
        direction: Direction,
        frequency: Frequency,
        rm: uuid.UUID,
        service: str,
        unit: _Unit,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        text = self.text
        limit = {Frequency.WEEKLY: 10, Frequency.MONTHLY: 8, Frequency.QUARTERLY: 5}[frequency]
        periods = _periods(frequency, agreed_at.date(), self.today, rng.randint(2, limit))
        spread = SPREAD[mtype]
        decimals = max(TARGETS[mtype][2], 0) + 1
        sign = 1 if direction is Direction.AT_LEAST else -1
        rows = []
        for label, end in periods:
            miss = rng.random() < 0.12
            delta = rng.uniform(0.05, 1.0) * spread
            value = target - sign * delta if miss else target + sign * rng.uniform(0, 0.8) * spread
            if mtype is MeasurementType.AVAILABILITY:
                value = min(value, 100.0)
            if mtype is MeasurementType.SATISFACTION:
                value = max(1.0, min(value, 5.0))
            value = max(0.0, round(value, decimals))
            met = value >= target if direction is Direction.AT_LEAST else value <= target
            recorded = self.past(self.at_work(end + dt.timedelta(days=rng.randint(1, 6))))
            rows.append(
                {
                    **self.row(recorded),
                    "expectation_id": eid,
                    "period": label,
                    "value": value,
                    "target": target,
                    "met": met,
                    "recorded_by_id": rm,
                    "recorded_at": recorded,
                    "miss_cause": "" if met else text.one(T_MISS_CAUSE, service=service),
                    "miss_resolution": "" if met else text.one(T_MISS_RESOLUTION, service=service),
                    "miss_prevention": "" if met else text.one(T_MISS_PREVENTION),
                }
            )
        return rows

    def measurements(self) -> None:
        self.write(Measurement, self.m_rows)
        del self.m_rows

    def meetings(self) -> None:
        rng = self.rng
        text = self.text
        rows, staff_links, contact_links = [], [], []
        actions = self.action_rows

        def meeting(
            unit: _Unit | None,
            kind: MeetingKind,
            held: dt.datetime,
            service: tuple[uuid.UUID, str] | None,
            who: list[uuid.UUID],
            contacts: list[uuid.UUID],
            action_unit: _Unit,
        ) -> None:
            mid = self.uid()
            sname = service[1] if service else rng.choice(action_unit.services)[1]
            goals = (
                rng.choices(list(GoalsMet), (6, 3, 1))[0] if kind is not MeetingKind.OTHER else None
            )
            rows.append(
                {
                    **self.row(self.later(held, 0.02, 0.2), None, 1, mid),
                    "unit_id": unit.id if unit else None,
                    "service_id": service[0] if service else None,
                    "kind": kind,
                    "held_at": held,
                    "recorded_by_id": who[0],
                    "discussed": text.some(T_DISCUSSED, 1, 3, service=sname),
                    "delivered": text.some(T_DELIVERED, 1, 2, service=sname),
                    "planned": text.some(T_PLANNED, 1, 2, service=sname),
                    "goals_met": goals,
                    "goals_note": text.one(T_GOALS, service=sname) if goals else "",
                }
            )
            rows[-1]["created_at"] = rows[-1]["updated_at"] = self.past(rows[-1]["created_at"])
            staff_links.extend({"meeting_id": mid, "staff_id": s} for s in dict.fromkeys(who))
            contact_links.extend(
                {"meeting_id": mid, "contact_id": c} for c in dict.fromkeys(contacts)
            )
            for _ in range(rng.choices((0, 1, 2, 3), (4, 4, 2, 1))[0]):
                actions.append(self._action(held, action_unit, meeting_id=mid))

        last_month = _month_start(self.today)
        for unit in self.units:
            diligence = rng.uniform(0.3, 0.8)
            month = _month_start(unit.start)
            while month <= last_month:
                recent = month >= _add_months(last_month, -6)
                if rng.random() < (0.9 if recent else diligence):
                    held = self.at_work(month + dt.timedelta(days=rng.randint(2, 25)))
                    if unit.start <= held.date() and held < self.now:
                        rm = self.rm_for(unit, held)
                        who = [rm] + (
                            [self.staff_manager[rm]]
                            if rng.random() < 0.1 and self.staff_manager.get(rm)
                            else []
                        )
                        contacts = [unit.head] if unit.head else []
                        contacts += rng.sample(
                            unit.contacts, min(len(unit.contacts), rng.randint(0, 2))
                        )
                        contacts = [
                            c for c in contacts if self.contact_created[c] < held
                        ] or contacts[:1]
                        meeting(unit, MeetingKind.MONTHLY_REVIEW, held, None, who, contacts, unit)
                month = _add_months(month, 1)
        # quarterly reviews of the major services, with the units that depend on them most
        by_service: dict[uuid.UUID, list[_Unit]] = {}
        for unit in self.units:
            for sid, _ in unit.services:
                by_service.setdefault(sid, []).append(unit)
        quarter = dt.date(self.start.year, 3 * ((self.start.month - 1) // 3) + 1, 1)
        while quarter < _month_start(self.today):
            for sid, sname in self.services:
                users = by_service.get(sid)
                if users and rng.random() < 0.5:
                    held = self.at_work(quarter + dt.timedelta(days=rng.randint(10, 80)))
                    if self.start <= held.date() and held < self.now:
                        unit = rng.choice(users)
                        meeting(
                            None,
                            MeetingKind.QUARTERLY_SERVICE_REVIEW,
                            held,
                            (sid, sname),
                            [self.rm_for(unit, held)],
                            [unit.head] if unit.head else [],
                            unit,
                        )
            quarter = _add_months(quarter, 3)
        for _ in range(self.n(N_OTHER_MEETINGS)):
            unit = rng.choice(self.units)
            held = self.at_work(self.day_between(unit.start, self.today - dt.timedelta(days=1)))
            meeting(
                unit,
                MeetingKind.OTHER,
                held,
                None,
                [rng.choice(unit.rms)],
                [unit.head] if unit.head else [],
                unit,
            )
        self.write(Meeting, rows)
        self.write(meeting_staff, staff_links)
        self.write(meeting_contacts, contact_links)
        self.write(ActionItem, actions)

    def satisfaction(self) -> None:
        rng = self.rng
        text = self.text
        surveys, scores, issues = [], [], []
        for unit in self.units:
            level = rng.uniform(2.6, 4.3)
            quarter = dt.date(unit.start.year, 3 * ((unit.start.month - 1) // 3) + 1, 1)
            questions = rng.sample(SURVEY_QUESTIONS, 4)
            while _add_months(quarter, 3) <= self.today:
                level = max(1.5, min(4.8, level + rng.uniform(-0.25, 0.28)))
                if rng.random() < 0.85:
                    sid = self.uid()
                    done = self.past(
                        self.at_work(
                            _add_months(quarter, 3) + dt.timedelta(days=rng.randint(3, 20))
                        )
                    )
                    values = [
                        round(max(1.0, min(5.0, level + rng.uniform(-0.6, 0.6))), 1)
                        for _ in questions
                    ]
                    surveys.append(
                        {
                            **self.row(done, None, 1, sid),
                            "unit_id": unit.id,
                            "quarter": _quarter(quarter),
                            "respondents": rng.randint(3, 60),
                            "overall": round(sum(values) / len(values), 2),
                            "comments": text.one(
                                T_SURVEY_COMMENT, service=rng.choice(unit.services)[1]
                            ),
                        }
                    )
                    scores.extend(
                        {**self.row(done), "survey_id": sid, "question": q, "score": v}
                        for q, v in zip(questions, values, strict=True)
                    )
                quarter = _add_months(quarter, 3)
        for _ in range(self.n(N_SUPPORT_ISSUES)):
            unit = rng.choice(self.units)
            service_id, service = rng.choice(unit.services)
            day = self.day_between(unit.start, self.today - dt.timedelta(days=1))
            importance = rng.choices((1, 2, 3, 4, 5), (1, 2, 3, 4, 3))[0]
            issues.append(
                {
                    **self.row(self.at_work(day)),
                    "unit_id": unit.id,
                    "service_id": service_id if rng.random() < 0.9 else None,
                    "title": text.one(T_ISSUE_TITLE, service=service),
                    "description": text.some(T_ISSUE_DESC, 1, 2, service=service),
                    "importance": importance,
                    "satisfaction": rng.choices((1, 2, 3, 4, 5), (2, 3, 3, 4, 2))[0],
                    "rated_on": day.isoformat(),
                }
            )
            issues[-1]["created_at"] = issues[-1]["updated_at"] = self.past(
                issues[-1]["created_at"]
            )
        self.write(Survey, surveys)
        self.write(SurveyScore, scores)
        self.write(SupportIssue, issues)


def _condition_met(condition: str, answer: str | None) -> bool:
    # Same rule as relman.workflows.scripts.condition_met, for the few forms used here.
    if not answer:
        return False
    if condition.startswith("<="):
        return float(answer) <= float(condition[2:])
    return answer.casefold() == condition.casefold()


def build(
    db: Database,
    *,
    seed: int,
    progress: Progress,
    scale: float = 1.0,
    today: dt.date | None = None,
) -> None:
    """Fill the empty, migrated ``db`` with ten years of a big IT department, ending
    ``today`` (default: today's date in UTC, so that nothing recorded lies in the future
    whatever the local time zone). ``scale`` shrinks every count (0.01 for quick tests).

    One transaction per phase; ``progress`` is told as each phase starts."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    builder = _Builder(seed, scale, today or dt.datetime.now(UTC).date())
    phases = (
        ("Staff and services", builder.staff_and_services),
        ("Business units and contacts", builder.units_and_contacts),
        ("Key-customer assessments", builder.assessments),
        ("Interview scripts", builder.scripts),
        ("Interviews and answers", builder.interviews),
        ("Expectations and escalations", builder.expectations),
        ("Measurements", builder.measurements),
        ("Meetings and action items", builder.meetings),
        ("Surveys and support issues", builder.satisfaction),
    )
    total = len(phases)
    for done, (what, step) in enumerate(phases):
        progress(done, total, what)
        with db.session() as session:
            builder.s = session
            _tune(session, on=True)
            try:
                step()
            finally:
                _tune(session, on=False)
    progress(total, total, "Done")


def _tune(session: Session, *, on: bool) -> None:
    """A bigger page cache while the bulk insert runs (SQLite only; back to SQLite's default
    afterwards, since the connection is pooled)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size={-262144 if on else -2000}")
