"""The large demo's vocabulary: names, services, phrase templates and interview scripts,
written for this demo (a clothing maker's IT department and its customers). The builder in
``relman.demo.large`` draws from them with a seeded random generator; nothing here runs.
"""

from __future__ import annotations

from relman.models import (
    MeasurementType,
    QuestionKind,
)

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
#: Why a measured value was corrected (measurement_corrections.reason).
T_CORRECTION = (
    "The monitoring report for {service} was read from the wrong week.",
    "A planned outage of {service} was counted by mistake.",
    "Figures for {service} were re-run after the reporting job failed.",
    "Typing slip when the figure for {service} was entered.",
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
