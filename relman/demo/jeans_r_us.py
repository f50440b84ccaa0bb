"""The story of Jeans-R-Us, the small demo, as data: its people, services and units, the
interviews held and what was said, expectations and their history, escalations, measurements,
meetings, surveys and support issues. Every sentence is the demo's own.

The builder in ``relman.demo.small`` writes it through the workflows; nothing here runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relman.models import (
    Criticality,
    Dependence,
    Direction,
    Frequency,
    MeasurementType,
    Party,
    StaffRole,
)
from relman.workflows.expectations import Terms

# --------------------------------------------------------------------------------------------
# The portfolio: staff, services, units, dependencies.
# --------------------------------------------------------------------------------------------

DOMAIN = "jeansrus.example"

STAFF = (
    # key, name, role, reports to
    ("gareth", "Gareth Okafor", StaffRole.HEAD_OF_IT, None),
    ("helen", "Helen Marsh", StaffRole.MANAGER, "gareth"),
    ("aisha", "Aisha Bello", StaffRole.RM, "helen"),
    ("tomas", "Tomás Ferreira", StaffRole.RM, "helen"),
    ("daniel", "Daniel Kovács", StaffRole.RM, "helen"),
)
# Whose week the demo tells: the window suggests her as "you" (the RM with the most units);
# "who I am" is kept in each person's settings, not in the file.
CURRENT_USER = "aisha"

SERVICES = (
    (
        "SAP Financials",
        "General ledger, supplier payments, receivables, stock valuation and the month-end "
        "close, for the UK and the Irish company.",
        "ERP team",
    ),
    (
        "Store POS tills",
        "The tills and card terminals in every store, the offline mode, and the nightly upload "
        "of the day's takings.",
        "Retail systems",
    ),
    (
        "Pattern CAD",
        "Pattern drafting and grading software with the shared pattern library used by the "
        "design studio and the factories.",
        "Engineering applications",
    ),
    (
        "E-mail and calendar",
        "Mail, calendars, shared mailboxes, distribution lists and meeting-room booking.",
        "Workplace services",
    ),
    (
        "Web shop",
        "The online store: catalogue, checkout, click-and-collect, and the hand-over of paid "
        "orders to the warehouse.",
        "Digital team",
    ),
    (
        "Warehouse scanners",
        "Handheld scanners, their chargers and the picking app used on the warehouse floor "
        "at Leeds and Kildare.",
        "Supply chain systems",
    ),
    (
        "Sales dashboards",
        "The morning reports of yesterday's sales by store, region and product line.",
        "Data & Analytics",
    ),
    (
        "Service desk",
        "The phone line, chat and tickets for help with anything IT, staffed 7am to 10pm with "
        "an on-call number at night.",
        "IT service desk",
    ),
)

D = Dependence
UNITS: tuple[dict[str, Any], ...] = (
    {
        "name": "Sales",
        "division": "Commercial",
        "criticality": Criticality.CRITICAL,
        "rms": ("aisha",),
        "head": "marcus",
        "notes": (
            "140 stores in the UK and Ireland plus concessions in department stores. Saturday "
            "trading and the two big sales (summer and Boxing Day) are what everything else is "
            "planned around."
        ),
        "depends": {
            "Store POS tills": D.CRITICAL,
            "Web shop": D.HIGH,
            "Sales dashboards": D.HIGH,
            "E-mail and calendar": D.MEDIUM,
            "Service desk": D.MEDIUM,
        },
    },
    {
        "name": "Marketing",
        "division": "Commercial",
        "criticality": Criticality.HIGH,
        "rms": ("tomas",),
        "head": "chloe",
        "notes": (
            "Brand, campaigns, social media and the content of the web shop. Works to a "
            "seasonal launch calendar fixed months ahead; launch dates are public and do not move."
        ),
        "depends": {
            "Web shop": D.CRITICAL,
            "E-mail and calendar": D.HIGH,
            "Sales dashboards": D.MEDIUM,
            "Service desk": D.LOW,
        },
    },
    {
        "name": "Finance",
        "division": "Corporate Services",
        "criticality": Criticality.HIGH,
        "rms": ("aisha", "daniel"),
        "head": "robert",
        "own_service_levels": True,
        "notes": (
            "Agrees its own service levels for SAP Financials because of the statutory "
            "reporting calendar. Month-end close runs over the first five working days; the "
            "year-end audit is in April."
        ),
        "depends": {
            "SAP Financials": D.CRITICAL,
            "E-mail and calendar": D.HIGH,
            "Sales dashboards": D.MEDIUM,
            "Service desk": D.MEDIUM,
        },
    },
    {
        "name": "Distribution",
        "division": "Supply Chain",
        "criticality": Criticality.CRITICAL,
        "rms": ("daniel",),
        "head": "fiona",
        "notes": (
            "Two warehouses (Leeds and Kildare) on three shifts. Stores are restocked overnight; "
            "web orders are picked twice a day, at ten and at two."
        ),
        "depends": {
            "Warehouse scanners": D.CRITICAL,
            "Web shop": D.HIGH,
            "SAP Financials": D.HIGH,
            "Service desk": D.HIGH,
            "E-mail and calendar": D.MEDIUM,
        },
    },
    {
        "name": "Design",
        "division": "Product R&D",
        "criticality": Criticality.MEDIUM,
        "rms": ("tomas", "aisha"),
        "head": "zoe",
        "notes": (
            "Designers, pattern cutters and garment technologists. Two main collections a year "
            "and a few capsule ranges; the hard deadlines are the sample-room dates agreed with "
            "the factories in Portugal and Türkiye."
        ),
        "depends": {
            "Pattern CAD": D.CRITICAL,
            "E-mail and calendar": D.MEDIUM,
            "Service desk": D.MEDIUM,
        },
    },
)

# --------------------------------------------------------------------------------------------
# Contacts and their key-customer assessments.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    unit: str | None
    title: str
    manager: str | None
    phone: str
    criteria: str  # seven 0/1 flags, in the order of the method
    assessed_ago: int
    notes: str = ""
    unreasonable: str = ""  # the note, when the demands were unreasonable
    earlier: str = ""  # criteria of an earlier assessment, a year before the latest
    special: dict[int, str] = field(default_factory=dict)  # criterion number -> note


PEOPLE: tuple[Person, ...] = (
    Person(
        "eleanor",
        "Eleanor Price",
        None,
        "Chief Executive",
        None,
        "+44 161 496 0100",
        "0101010",
        352,
        notes="Sees IT through Victoria Hale and Robert Liang; meet her only with one of them.",
        special={1: "Not a daily user of any one service; her teams are."},
    ),
    Person(
        "victoria",
        "Victoria Hale",
        None,
        "Chief Operating Officer",
        "eleanor",
        "+44 161 496 0101",
        "1111110",
        351,
        notes="Sales, Marketing, Distribution and Design report to her. Takes escalations "
        "seriously and wants both sides in the room.",
    ),
    Person(
        "marcus",
        "Marcus Reid",
        "Sales",
        "Sales Director",
        "victoria",
        "+44 161 496 0110",
        "1111101",
        348,
        notes="Prefers a one-page summary; reads everything on his phone between store visits.",
    ),
    Person(
        "priya",
        "Priya Nair",
        "Sales",
        "Retail Operations Manager",
        "marcus",
        "+44 7700 900111",
        "1011101",
        95,
        earlier="1001100",
        notes="Runs store operations day to day. Keeps her own log of till incidents, which has "
        "been more accurate than ours.",
        special={
            7: "Since the till availability target was agreed in the spring, yes.",
        },
    ),
    Person(
        "owen",
        "Owen Gallagher",
        "Sales",
        "Regional Store Manager, North",
        "priya",
        "+44 7700 900112",
        "1001100",
        340,
        notes="Twenty-two stores from Leeds to Glasgow. Good source of what really happens on "
        "a Saturday.",
    ),
    Person(
        "hannah",
        "Hannah Osei",
        "Sales",
        "Sales Analyst",
        "marcus",
        "+44 161 496 0113",
        "0000000",
        340,
    ),
    Person(
        "chloe",
        "Chloé Laurent",
        "Marketing",
        "Marketing Director",
        "victoria",
        "+44 20 7946 0120",
        "0111011",
        345,
        notes="Came from a pure online retailer; measures everything by conversion rate.",
    ),
    Person(
        "jake",
        "Jake Whitfield",
        "Marketing",
        "E-commerce Manager",
        "chloe",
        "+44 7700 900121",
        "1101110",
        120,
        notes='Describes every web shop incident as "catastrophic"; check the facts before '
        "reacting, but do not dismiss him: he is often right about the impact.",
        unreasonable="Insists that campaign pages go live the same day they are asked for, with "
        "no testing at all, and will not discuss any middle ground. Two untested releases last "
        "year took checkout down.",
    ),
    Person(
        "mei",
        "Mei Tanaka",
        "Marketing",
        "Brand & Campaigns Lead",
        "chloe",
        "+44 20 7946 0122",
        "0000000",
        344,
    ),
    Person(
        "robert",
        "Robert Liang",
        "Finance",
        "Chief Financial Officer",
        "eleanor",
        "+44 161 496 0130",
        "1111111",
        355,
        notes="Sits on the board; sponsor of the SAP upgrade. Values numbers over anecdotes.",
    ),
    Person(
        "sandra",
        "Sandra Kowalski",
        "Finance",
        "Financial Controller",
        "robert",
        "+44 161 496 0131",
        "1011101",
        354,
        notes="Owns the month-end timetable. Will tell you exactly which hour of which day "
        "matters.",
    ),
    Person(
        "ahmed",
        "Ahmed Rahman",
        "Finance",
        "Accounts Payable Supervisor",
        "sandra",
        "+44 161 496 0132",
        "0000000",
        354,
    ),
    Person(
        "fiona",
        "Fiona McAllister",
        "Distribution",
        "Head of Distribution",
        "victoria",
        "+44 113 496 0140",
        "1111011",
        346,
        notes="Splits her week between Leeds and Kildare; Tuesdays are the best day to reach her.",
    ),
    Person(
        "luis",
        "Luis Ortega",
        "Distribution",
        "Warehouse Operations Manager, Leeds",
        "fiona",
        "+44 7700 900141",
        "1011110",
        343,
        notes="Starts at six. Meetings after two in the afternoon rarely happen.",
    ),
    Person(
        "brendan",
        "Brendan O'Connor",
        "Distribution",
        "Transport Planner",
        "luis",
        "+353 1 555 0142",
        "1000100",
        343,
    ),
    Person(
        "zoe",
        "Zoë Müller",
        "Design",
        "Head of Design",
        "victoria",
        "+44 20 7946 0150",
        "1110111",
        349,
        notes="Trained in Antwerp; speaks plainly and expects the same.",
    ),
    Person(
        "kwame",
        "Kwame Asante",
        "Design",
        "Senior Pattern Cutter",
        "zoe",
        "+44 20 7946 0151",
        "1011101",
        342,
        notes="The studio's most demanding CAD user; knows the grading rules by heart.",
    ),
    Person(
        "isabel",
        "Isabel Romero",
        "Design",
        "Garment Technologist",
        "zoe",
        "+44 20 7946 0152",
        "0000000",
        342,
    ),
)

#: notes per criterion, (when met, when not met); {first} and {unit} are filled in
CRITERION_NOTES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        (
            "{first}'s team stops within the hour when its main service stops.",
            "Most of {first}'s working day runs through our systems.",
            "Peak periods in {unit} cannot be met without IT; {first} said so unprompted.",
        ),
        (
            "Uses our services, but could work around an outage for a day or two.",
            "Depends on us mostly for e-mail; the core work is on paper or with suppliers.",
        ),
    ),
    (
        (
            "When {first} is happy, the rest of {unit} hears about it.",
            "Speaks at the monthly management meeting; opinions there travel fast.",
            "A good word from {first} has helped IT's budget case before.",
        ),
        (
            "Little visibility beyond the immediate team.",
            "Well liked, but not someone whose view shapes opinion of IT.",
        ),
    ),
    (
        (
            "Speaks for the whole of {unit}, and checks with the team before doing so.",
            "Represents several hundred people across the stores and offices.",
        ),
        (
            "Speaks for a small team only.",
            "Views are personal rather than representative of {unit}.",
        ),
    ),
    (
        (
            "{unit} is one of the largest users of our services.",
            "Heavy user: hundreds of accounts, most of the service desk calls from the unit.",
        ),
        (
            "Modest consumer of IT services compared with the other units.",
            "Uses a handful of services, lightly.",
        ),
    ),
    (
        (
            "Brings examples with dates and impact; criticism is specific and fair.",
            "Tells us when something works as well as when it does not.",
            "Argues from evidence and accepts explanations that are backed by facts.",
        ),
        (
            "Criticism tends to be general and hard to act on.",
            "Rarely gives feedback of any kind, good or bad.",
        ),
    ),
    (
        (
            "Has budget authority and a seat where decisions are made.",
            "Can change how {unit} works, and has done so twice this year.",
        ),
        (
            "Influence is within the team rather than across the business.",
            "Carries out decisions rather than making them.",
        ),
    ),
    (
        (
            "We have agreed expectations and both sides think they are reasonable.",
            "Expectations are realistic; the conversation about them is easy.",
        ),
        (
            "No agreed expectations yet; too early to say.",
            "Expectations are still being worked out.",
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Interviews: who, when, where, and what was said.
# --------------------------------------------------------------------------------------------

S1 = "First interview with a key customer"
S2 = "Validate, negotiate, escalate"

#: Answers of the first-interview script that describe a unit; lists are told apart by the
#: number of the interview within the unit.
PROFILES: dict[str, dict[str, Any]] = {
    "Sales": {
        "business": [
            "The day starts at seven with yesterday's figures: each area manager rings their "
            "stores before opening to decide what goes on the front tables. Deliveries come in "
            "overnight and are on the shelves before the doors open. Saturday brings in close "
            "to a third of the week's money.",
            "My week is tills and stockrooms. Monday we check the weekend takings against the "
            "bank, Tuesday and Wednesday are deliveries and re-merchandising, and from Thursday "
            "everything is about being ready for the weekend: rotas, promotions loaded onto "
            "the tills, shelf prices right.",
        ],
        "peak": [
            "Summer sale, Boxing Day sale and every Saturday between eleven and four. In the "
            "week before Christmas one hour with the tills down in the big stores costs about "
            "£60k that we never get back.",
            "Saturdays, both sales and back-to-school in August. When a peak goes wrong the "
            "queue walks out, and they go to the shop across the mall, not back to us next day.",
        ],
        "restate_business": [
            "Restated: Sales succeeds when the tills are full on Saturdays and in the sales, "
            "with yesterday's numbers in hand before opening. Agreed; he added that store staff "
            "should never be the ones explaining an IT problem to a customer.",
            "Restated: the stores need working tills and correct prices from opening to "
            "closing, weekends above all. Agreed, with the correction that card payments matter "
            "more than anything else the till does.",
        ],
        "services": [
            "The tills, obviously. Then the morning sales dashboards, the web shop because of "
            "click-and-collect, and e-mail for instructions from head office.",
            "Tills and card terminals first, then click-and-collect, then the service desk "
            "phone line, because the stores have nobody technical on site.",
        ],
        "most_critical": "Store POS tills",
        "workaround": "yes",
        "workaround_detail": "The tills can run offline and hold card payments for upload "
        "later, but only for about four hours and under a limit per card. After that it is "
        "cash only and most of the sales are gone.",
        "low_reliability": "Stop the Saturday freezes. Put the updates on Tuesday nights and "
        "tell us the week before.",
        "who_called": "The general service desk number. Twenty minutes on hold while the queue "
        "in the store got longer.",
        "anyone_else": "Owen Gallagher in the North region; his stores had most of the till "
        "trouble this year.",
    },
    "Marketing": {
        "business": [
            "We plan campaigns six months ahead around the seasonal launches. The week before "
            "a launch is photo shoots signed off, product pages written, the newsletter built "
            "and the banners scheduled. Launch day is announced publicly, so it cannot slip.",
            "Day to day it is the web shop: new product pages, promotion prices, banners, and "
            "watching what sells online hour by hour. Influencer drops are the wild days: one "
            "post and traffic goes up tenfold in minutes.",
        ],
        "peak": [
            "The two seasonal launches and Black Friday weekend. A slow web shop that weekend "
            "means lost sales and advertising money spent sending people to a broken page.",
            "Influencer drops and Black Friday. We once had a campaign page not live when the "
            "post went out: paid reach, zero sales.",
        ],
        "restate_business": [
            "Restated: Marketing succeeds when each campaign lands on the announced day, with "
            "a fast web shop and correct pages. Chloé agreed; Mei added that newsletters matter "
            "less than a year ago.",
            "Restated: for e-commerce the web shop is shop window and till at once, and "
            "campaign timing is set outside IT's control. Agreed, though he said \"outside "
            "anyone's control\" would be more accurate.",
        ],
        "services": [
            "The web shop above everything, then e-mail and calendar, then the dashboards for "
            "the online figures.",
            "Web shop, web shop, web shop. The rest we can live without for a day.",
        ],
        "most_critical": "Web shop",
        "workaround": "no",
        "low_reliability": "Releases that do not break checkout. And when I ask for a page I "
        "want it that day, not in the next release window.",
        "who_called": "The digital team lead's mobile. He answered, but he should not have to.",
        "anyone_else": "The agency that builds our campaign assets; they talk to your digital "
        "team more than we do.",
    },
    "Finance": {
        "business": [
            "The calendar rules everything: the cash position by ten each morning, supplier "
            "payment runs on Tuesdays and Thursdays, and the close over the first five working "
            "days. Quarter-end adds the consolidation of the Irish company and the board pack.",
            "I see the month from the board's side: results on working day five, the forecast "
            "update on day eight, and cash every morning. Anything that delays the close delays "
            "everything I report upwards.",
        ],
        "peak": [
            "Month-end close, the audit in April and the VAT return dates. A day lost in the "
            "close moves the results to the board by a day, and the board notices.",
            "Year-end. If SAP is down while the auditors are on site, it costs fees and, worse, "
            "credibility.",
        ],
        "restate_business": [
            "Restated: Finance succeeds when the books close on working day five and payments "
            "go out on the agreed days. Agreed; she added that the first two days of the close "
            "are the ones that hurt.",
            "Restated: what matters is an on-time close and a reliable daily cash figure, "
            "because the board plans on both. Agreed without changes.",
        ],
        "services": [
            "SAP Financials, the bank link for the payment runs, and e-mail. The sales "
            "dashboards feed the daily cash forecast.",
            "SAP first and second. Then e-mail, then the service desk for the people in my team "
            "who are less at ease with systems.",
        ],
        "most_critical": "SAP Financials",
        "workaround": "no",
        "low_reliability": "No patching in the first five working days, ever, and a warning "
        "when the bank link is down.",
        "who_called": "Whoever I knew in the ERP team. It works, but only because I know them.",
        "anyone_else": "Ahmed Rahman in accounts payable; his team spends more hours in SAP "
        "than anyone.",
    },
    "Distribution": {
        "business": [
            "Stores order by four in the afternoon, we pick overnight on three shifts and the "
            "first trucks leave at five. Web orders are picked at ten and at two, so anything "
            "paid before noon ships the same day.",
            "On the floor it is all scanning: every pick, every pack, every pallet. Pickers "
            "follow the handhelds; if the scanners stop, the whole floor stops within ten "
            "minutes.",
        ],
        "peak": [
            "November to early January, and the week before each sale when the stores are "
            "restocked. A missed truck means empty rails in twenty stores next morning.",
            "Night shift in the run-up to Christmas. We have sixty agency pickers then, and "
            "they cannot pick a thing without the scanners.",
        ],
        "restate_business": [
            "Restated: Distribution succeeds when every truck leaves full and on time and web "
            "orders paid before noon ship that day. Agreed.",
            "Restated: the warehouse runs on the scanners around the clock, and the night "
            "shift is where a failure costs most. Agreed, and he underlined the night shift.",
        ],
        "services": [
            "Warehouse scanners, the web order feed, SAP for stock and goods-in, and the "
            "service desk at night.",
            "Scanners. Then the order feed from the web shop. Then someone who answers the "
            "phone at three in the morning.",
        ],
        "most_critical": "Warehouse scanners",
        "workaround": "yes",
        "workaround_detail": "We print paper pick lists from the last good download. The "
        "pickers go at half speed and the confirmations are keyed in afterwards; one shift is "
        "the most we can keep that up.",
        "low_reliability": "Spare scanners on site, charged and set up, and someone who "
        "answers at night. Most of our trouble is a dead handheld with nobody to swap it.",
        "who_called": "The night supervisor rang the service desk, got voicemail, and someone "
        "called back at half past seven.",
        "anyone_else": "Brendan O'Connor plans the transport; late picks land on his desk first.",
    },
    "Design": {
        "business": [
            "Two main collections a year and a few capsules. Everything runs backwards from the "
            "sample-room dates agreed with the factories: patterns and tech packs must be with "
            "them by then or the season slips by weeks.",
        ],
        "peak": [
            "The six weeks before each sample deadline. Twenty people are in CAD from early "
            "till late, so every second of waiting is multiplied by twenty.",
        ],
        "restate_business": [
            "Restated: Design succeeds when patterns and tech packs reach the factories by the "
            "sample date, and the crunch is the six weeks before it. Zoë agreed; Kwame added "
            "that grading is the step that needs CAD most.",
        ],
        "services": [
            "Pattern CAD and its shared library, e-mail to the factories, and the file shares "
            "where the tech packs live.",
        ],
        "most_critical": "Pattern CAD",
        "workaround": "yes",
        "workaround_detail": "We can work on local copies of the patterns for a few hours, but "
        "then the library is out of date and someone loses a day putting the versions back "
        "together.",
        "low_reliability": "Library patterns must open as fast as local ones, and there must be "
        "enough licences in the deadline weeks. Today neither is true.",
        "who_called": "We shouted across the studio for Kwame, who knows CAD better than the "
        "service desk does.",
        "anyone_else": "Isabel Romero, who writes the tech packs and sends them to the factories.",
    },
}

GENERIC_ANSWERS: dict[str, tuple[str, ...]] = {
    "role": (
        "Keeping my part of the business running and hitting the numbers we committed to.",
        "Making sure the team has what it needs to deliver on time, and reporting upwards.",
    ),
    "summary": (
        "Three points: reliability at peak times, earlier warning of changes, and one person to "
        "call. Agreed.",
        "Three points: the critical service, how an outage is handled, and a regular review. "
        "Agreed.",
    ),
    "next_steps": ("I send a written summary within a week; we meet again next month.",),
}


@dataclass(frozen=True)
class Action:
    text: str
    owner: str  # a staff or a contact key
    due: int  # days from the source (meeting or interview)
    done_after: int | None = None  # days from the source; None: still open


@dataclass(frozen=True)
class InterviewSpec:
    key: str
    script: str
    rm: str
    contacts: tuple[str, ...]
    ago: int  # days ago; negative for a future (planned) interview
    hour: int
    minute: int
    location: str
    duration: int = 60
    status: str = "completed"  # completed, planned, cancelled
    answers: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    summary: str = ""
    actions: tuple[Action, ...] = ()


INTERVIEWS: tuple[InterviewSpec, ...] = (
    InterviewSpec(
        "I3",
        S1,
        "daniel",
        ("sandra",),
        332,
        9,
        30,
        "Finance floor, meeting room 2.14",
        45,
        answers={
            "role": "I own the month-end timetable and the controls around it. I am judged on "
            "closing on working day five with no audit findings.",
            "time_in_role": "More than three years",
            "impact": "In March the close stalled for most of a morning because SAP was being "
            "patched. Eight people waited, and the results went to the board a day late.",
            "rate_reliability": "3",
            "rate_support": "4",
            "rate_communication": "2",
            "knows_who": "yes",
            "expectation": "SAP available around the clock during the five close days, and "
            "nobody touching it then without asking me first.",
            "restate_expectation": "Restated: SAP Financials available at least 99.8% of the "
            "time each month, with a change freeze over the close days. Agreed, provided the "
            "freeze is written down.",
            "summary": "Close days are sacred; tell us before any change; the bank link needs "
            "a warning when it fails. Agreed, and she added year-end as a fourth point.",
            "review_cadence": "Monthly",
        },
        notes="Sandra had the close calendar for the whole year printed out. She marked the "
        "days on which any change to SAP would need her sign-off. Good-humoured but very "
        "precise; she corrected two of my restatements.",
        summary="Month-end close is the critical period; expectation on SAP availability "
        "recorded; change freeze to be agreed with the ERP team.",
        actions=(
            Action(
                "Agree a written change freeze for close days with the ERP team", "daniel", 14, 9
            ),
        ),
    ),
    InterviewSpec(
        "I4",
        S1,
        "aisha",
        ("robert",),
        322,
        16,
        0,
        "CFO's office, 5th floor",
        45,
        answers={
            "role": "Finance, treasury and the relationship with the banks and the auditors. "
            "The board judges me on accurate numbers delivered when promised.",
            "time_in_role": "One to three years",
            "impact": "Not a system outage so much as tickets that sit for days. Half my team "
            "has stopped raising them and works around problems instead.",
            "rate_reliability": "4",
            "rate_support": "2",
            "rate_communication": "3",
            "knows_who": "yes",
            "expectation": "When my people ask the service desk for help they should come away "
            "satisfied, and I want to see that measured rather than assumed.",
            "restate_expectation": "Restated: Finance's satisfaction with closed service desk "
            "tickets at least 4 out of 5, surveyed each quarter. Agreed.",
            "summary": "Ticket satisfaction matters more than speed; measure it; report it "
            "each quarter. Agreed.",
            "review_cadence": "Quarterly",
        },
        notes="Robert was short of time but focused. He asked for numbers, not stories, and "
        "offered to let us survey his team after each ticket is closed.",
        summary="Expectation on service desk satisfaction stated; quarterly reporting agreed "
        "in principle.",
    ),
    InterviewSpec(
        "I1",
        S1,
        "aisha",
        ("marcus",),
        302,
        10,
        0,
        "Head office, Sales director's office",
        60,
        answers={
            "role": "All store and concession sales, plus click-and-collect. I am measured on "
            "like-for-like sales growth and on the margin after markdowns.",
            "time_in_role": "More than three years",
            "impact": "The Boxing Day sale last year: the web shop fell over at nine in the "
            "morning, click-and-collect orders stopped and the stores had queues of angry "
            "customers with nothing to collect.",
            "rate_reliability": "3",
            "rate_support": "3",
            "rate_communication": "2",
            "knows_who": "yes",
            "expectation": "Two things. The sales dashboards on my desk by eight every "
            "morning, without fail. And the web shop simply cannot go down during a sale "
            "event. Not slow, not down.",
            "restate_expectation": "Restated: yesterday's sales report available by 08:00 "
            "every day, measured weekly; and the web shop 100% available during sale events. "
            "Agreed on the first; on the second he would accept nothing less than 100%.",
            "summary": "Dashboards by eight, no outage during sales, and earlier warning of "
            "changes. He agreed and asked for the outage history of the last year.",
            "review_cadence": "Monthly",
        },
        notes='Marcus opened with "I have twenty minutes" and stayed for an hour. He called '
        'the morning dashboards "the first thing I open, before my e-mail". Strong views on '
        "the web shop during sales; I did not argue, only restated. Follow up with figures.",
        summary="Two expectations stated: morning dashboards by 08:00 and full web shop "
        "availability during sale events.",
        actions=(
            Action(
                "Send Marcus the till and web shop outage history for the last 12 months",
                "aisha",
                7,
                5,
            ),
        ),
    ),
    InterviewSpec(
        "I2",
        S1,
        "aisha",
        ("priya",),
        285,
        14,
        0,
        "Manchester Arndale store, back office",
        60,
        answers={
            "role": "Store operations: opening hours, staffing models, stock in the stores and "
            "anything that stops a store from trading.",
            "time_in_role": "One to three years",
            "impact": "Saturday the 14th: the tills froze for forty minutes at lunchtime in "
            "eleven stores. We estimate £85,000 in lost sales and we had to hand out vouchers.",
            "rate_reliability": "2",
            "rate_support": "3",
            "rate_communication": "1",
            "knows_who": "no",
            "expectation": "The tills must never be down while a store is open. Never. "
            "Especially on a Saturday.",
            "restate_expectation": "Restated: the tills available 99.9% of trading hours each "
            "month, with no planned work while stores are open. She accepted the wording; IT "
            "will check what is realistic and come back with a proposal.",
            "summary": "Saturday reliability, updates moved out of trading hours, and one "
            "person to call. She added a fourth: tell the stores when a fix is done.",
            "review_cadence": "Monthly",
        },
        notes="Met Priya in the back office between deliveries ☕ She had printed every till "
        "outage since March with the Saturdays highlighted in yellow. Very measured, very "
        "clear. Wants to be told, not to find out.",
        summary="Till availability during trading hours is the one thing that matters; "
        "expectation recorded for negotiation.",
        actions=(
            Action(
                "Check what till availability the retail systems team can commit to",
                "aisha",
                14,
                12,
            ),
        ),
    ),
    InterviewSpec(
        "I10",
        S2,
        "aisha",
        ("priya",),
        245,
        11,
        0,
        "Video call (Priya at the Leeds White Rose store)",
        45,
        answers={
            "recall": 'Read back: "The tills must never be down while a store is open, '
            'especially on a Saturday." She smiled and said it still stood.',
            "still_stands": "yes",
            "depends": "yes",
            "depends_detail": "Customers at the till first, within a minute; the store manager "
            "next; by the end of the day the whole region's figures.",
            "importance": "5",
            "restate_need": "Restated: what she needs is the tills working during trading hours, "
            "above all on Saturdays and sale days; maintenance outside those hours is fine.",
            "it_offer": "IT proposed 99.5% of trading hours, with all updates moved to Tuesday "
            "nights. She said that still allows more than two hours a month of downtime, which "
            "she could not accept.",
            "counter": "She asked for 99.9%. We settled on 99.7% of trading hours, measured "
            "monthly, plus a text message to store managers when an outage is fixed.",
            "outcome": "Agreed a compromise",
            "terms": "99.7% availability of the tills during trading hours, measured monthly by "
            "the retail systems team, reviewed after six months. She said yes.",
            "comfort": "4",
            "disagree": "no",
            "next_steps": "Aisha records the agreement and sends it to Priya and Marcus this week; "
            "the retail systems team sets up the monthly report.",
        },
        notes="Good call. Priya opened by saying she had expected a fight and was pleased not to "
        "get one. The Tuesday-night maintenance window clearly mattered to her as much as the "
        "number.",
        summary="Compromise agreed: tills 99.7% available during trading hours, monthly.",
    ),
    InterviewSpec(
        "I5",
        S1,
        "tomas",
        ("chloe", "mei"),
        236,
        10,
        0,
        "Marketing studio, Shoreditch",
        75,
        answers={
            "role": "Chloé: brand, campaigns and the web shop's content; judged on online "
            "revenue and brand awareness. Mei: running the campaign calendar end to end.",
            "time_in_role": "Less than a year",
            "impact": "The spring launch: the newsletter to 200,000 customers went out three "
            "hours late because the mail system throttled it as spam.",
            "rate_reliability": "3",
            "rate_support": "4",
            "rate_communication": "3",
            "knows_who": "yes",
            "expectation": "Mei: the corporate mail system should send our newsletters, all "
            "200,000 of them, within an hour of pressing send.",
            "restate_expectation": "Restated: bulk newsletters of up to 200,000 messages sent "
            "from corporate e-mail within one hour. Mei agreed; Chloé was not sure corporate "
            "mail is the right tool at all.",
            "summary": "Campaign dates are fixed; newsletters are a pain point; the web shop "
            "matters most. Agreed.",
            "review_cadence": "Quarterly",
        },
        notes="Two people at once was hard to steer: Chloé and Mei kept building on each "
        "other's points. I summarised at the twenty-minute mark to bring us back to the script. "
        "Chloé asked whether marketing should move newsletters to a dedicated platform anyway.",
        summary="Newsletter expectation stated against e-mail; question raised whether it "
        "belongs with IT at all.",
    ),
    InterviewSpec(
        "I7",
        S1,
        "aisha",
        ("zoe", "kwame"),
        215,
        13,
        30,
        "Design studio, pattern room",
        60,
        answers={
            "role": "Zoë: the collections, from mood board to approved sample; judged on "
            "sample dates met and the sell-through of the range. Kwame: patterns and grading "
            "for every style.",
            "time_in_role": "One to three years",
            "impact": "In the last deadline week, opening a graded pattern from the library took "
            "half a minute or more, every time. We lost about two days of work across the team.",
            "rate_reliability": "2",
            "rate_support": "3",
            "rate_communication": "3",
            "knows_who": "no",
            "expectation": "Zoë: any pattern should open in under two seconds, library or not. "
            "Kwame: and nobody should ever wait for a free CAD licence.",
            "restate_expectation": "Restated: library patterns open in less than 2 seconds; "
            "and a licence always free when a cutter needs one. Both agreed with the wording.",
            "summary": "Speed of the library, licences in deadline weeks, and a named person in "
            "IT. Agreed.",
            "review_cadence": "Monthly",
        },
        notes="Zoë Müller and Kwame showed me the problem live: a graded jacket pattern took "
        "38 seconds to open from the library and 2 seconds from a local disk. They are frank and "
        "well prepared. I let Kwame's long story about the winter collection run for a while, "
        "then brought us back to the licences.",
        summary="Two Pattern CAD expectations stated: opening speed and licence availability.",
        actions=(
            Action(
                "Ask engineering applications for licence usage in the last deadline weeks",
                "aisha",
                10,
                8,
            ),
        ),
    ),
    InterviewSpec(
        "I6",
        S1,
        "daniel",
        ("fiona",),
        200,
        10,
        30,
        "Leeds distribution centre, site office",
        60,
        answers={
            "role": "Both warehouses and the transport contracts; judged on orders shipped on "
            "time and cost per unit shipped.",
            "time_in_role": "More than three years",
            "impact": "Web orders paid at half eleven did not reach us until after the two "
            "o'clock pick, so they shipped a day late. It happened on three busy days in a row.",
            "rate_reliability": "3",
            "rate_support": "3",
            "rate_communication": "3",
            "knows_who": "yes",
            "expectation": "A paid web order should be in the warehouse system within five "
            "minutes. Not an hour, not at the next batch.",
            "restate_expectation": "Restated: web orders passed to the warehouse within 5 "
            "minutes of payment. Agreed; to be validated once the digital team has looked at "
            "the order feed.",
            "summary": "The order feed, spare scanners, and cover at night. Agreed.",
            "review_cadence": "Monthly",
        },
        notes="Fiona walked me round the floor before we sat down. Clear about what matters: "
        "same-day shipping of web orders is a promise on the web site, and the order feed is "
        "where it breaks.",
        summary="Order feed timing from the web shop stated as the main expectation.",
    ),
    InterviewSpec(
        "I8",
        S1,
        "daniel",
        ("luis",),
        150,
        6,
        30,
        "Leeds warehouse, goods-in mezzanine",
        45,
        answers={
            "role": "The Leeds floor on three shifts: picking, packing, goods-in and returns.",
            "time_in_role": "More than three years",
            "impact": "A night in October with four dead scanners and no spares. Eight pickers "
            "idle for two hours; three store trucks left late.",
            "rate_reliability": "2",
            "rate_support": "2",
            "rate_communication": "3",
            "knows_who": "no",
            "expectation": "A broken scanner swapped within an hour, on any shift, nights "
            "included. And stock transfers between the warehouses in SAP as they happen, not "
            "overnight.",
            "restate_expectation": "Restated: a faulty scanner replaced within 1 hour on every "
            "shift; and transfers posted in SAP in real time. Agreed.",
            "summary": "Spares, night cover, real-time transfers. He agreed.",
            "review_cadence": "Monthly",
        },
        notes="Started at half six to catch the end of the night shift. Luis is practical and "
        "impatient with meetings; kept it to 45 minutes as promised. Saw the charging rack: "
        "three of the twelve slots broken.",
        summary="Scanner replacement time and real-time stock transfers stated.",
        actions=(
            Action("Count the spare scanners at Leeds and Kildare and report back", "daniel", 7, 6),
        ),
    ),
    InterviewSpec(
        "I9",
        S1,
        "tomas",
        ("jake",),
        128,
        15,
        0,
        "Marketing, meeting room 'Indigo'",
        60,
        answers={
            "role": "The web shop as a business: traffic, conversion, what goes on the home "
            "page. I am judged on online revenue, week by week.",
            "time_in_role": "Less than a year",
            "impact": "Every release window we miss. A campaign page that goes live two days "
            "after the influencer post is a campaign wasted.",
            "rate_reliability": "1",
            "rate_support": "2",
            "rate_communication": "2",
            "knows_who": "no",
            "expectation": "When Marketing asks for a campaign page, it goes live the same day. "
            "Testing is IT's problem, not mine, and it should not slow us down.",
            "restate_expectation": "Restated: campaign pages live on the web shop the same "
            "working day they are requested, without waiting for the test cycle. He agreed "
            "with the wording and refused any other.",
            "summary": "Speed of changes, fewer broken releases, a direct line to the digital "
            "team. He agreed with the first and third.",
            "review_cadence": "Only when something goes wrong",
        },
        notes='Jake interrupted most questions. I let him finish his first story, then said: "'
        "That's really helpful; can I take us to the next question so we finish on time?\" It "
        "worked twice. He rated reliability 1 and would not move from it.",
        summary="Same-day campaign pages demanded without testing; difficult conversation; "
        "validate and propose a compromise next.",
    ),
    InterviewSpec(
        "I11",
        S2,
        "aisha",
        ("zoe",),
        72,
        10,
        0,
        "Design studio, meeting corner",
        60,
        answers={
            "recall": 'Read back: "Any pattern should open in under two seconds, library or '
            'not." She said it still stood.',
            "still_stands": "yes",
            "depends": "yes",
            "depends_detail": "Every cutter and grader, every time they open a pattern; in "
            "deadline weeks that is hundreds of times a day.",
            "importance": "4",
            "restate_need": "Restated: the need is no noticeable wait when opening library "
            "patterns during deadline weeks; under 2 seconds is how she defines noticeable.",
            "it_offer": "IT proposed 4 seconds after the storage upgrade planned for next "
            "quarter; 2 seconds would need the library replicated to the studio at a cost of "
            "about €40,000 a year.",
            "counter": "She kept to 2 seconds, and said the cost is less than the lost time of "
            "twenty people in two deadline seasons.",
            "outcome": "No agreement",
            "comfort": "2",
            "ease": "A decision soon, whichever way it goes; the next deadline is in March.",
            "disagree": "yes",
            "positions": "Design: library patterns must open in under 2 seconds. IT: 4 seconds "
            "after the storage upgrade; faster needs a budget IT does not have. She accepted "
            "the wording.",
            "customer_manager": "Victoria Hale, the COO. Zoë will brief her first.",
            "next_steps": "Aisha asks Helen to take it to Victoria Hale within two weeks; Zoë "
            "briefs Victoria beforehand.",
        },
        notes="Calm, frank meeting. Zoë: \"I'm not asking for a favour, I'm asking for the "
        'tool to work." We agreed to disagree without rancour. She thanked me for being '
        "straight about the cost.",
        summary="No compromise on pattern opening speed; agreed to disagree; to be escalated.",
        actions=(Action("Send Zoë the storage upgrade plan for the pattern library", "aisha", 14),),
    ),
    InterviewSpec(
        "I14",
        S2,
        "daniel",
        ("fiona",),
        48,
        9,
        30,
        "Kildare warehouse, Ireland",
        45,
        answers={
            "recall": 'Read back: "A paid web order should be in the warehouse system within '
            'five minutes." Still stands.',
            "still_stands": "yes",
            "depends": "yes",
            "depends_detail": "Web customers who paid before noon and expect same-day "
            "dispatch; then the customer service team who take the complaints.",
            "importance": "5",
            "restate_need": "Restated: every order paid before 11:45 must reach the warehouse "
            "before the two o'clock pick; five minutes is the safe margin.",
            "it_offer": "No proposal yet: the digital team is measuring the current delay of "
            "the order feed first.",
            "counter": "She is happy to wait for the figures, but not beyond the Christmas peak.",
            "outcome": "Need more time",
            "comfort": "3",
            "disagree": "no",
            "next_steps": "Digital team measures the order feed for four weeks; Daniel comes "
            "back with a proposal before the peak.",
        },
        notes="Validated: the dependence is real and the expectation is clear. Fiona wants a "
        "proposal with numbers before the peak season starts.",
        summary="Expectation on the web order feed validated; proposal to follow.",
    ),
    InterviewSpec(
        "I12",
        S2,
        "tomas",
        ("jake",),
        33,
        14,
        0,
        "Marketing, meeting room 'Indigo'",
        45,
        answers={
            "recall": 'Read back: "Campaign pages live the same day they are requested, '
            'without waiting for testing." He said: "Exactly."',
            "still_stands": "yes",
            "depends": "yes",
            "depends_detail": "Online revenue, from the minute the campaign post goes out.",
            "importance": "5",
            "restate_need": "Restated: pages must be live when the campaign starts; the date "
            "is known in advance in most cases, but not for influencer drops.",
            "it_offer": "IT proposed two working days including a payment and security test, "
            "with two fast-track slots a week for pages without new code.",
            "counter": 'Same day, no testing. He rejected the fast-track slots as "bureaucracy".',
            "outcome": "No agreement",
            "comfort": "1",
            "ease": "Nothing short of same-day releases, he said.",
            "disagree": "yes",
            "positions": "Marketing: same-day pages with no testing. IT: two working days "
            "with a test, because untested releases took checkout down twice last year. He "
            "accepted the wording, reluctantly.",
            "customer_manager": "Chloé Laurent. Jake asked that she hear IT's position from "
            "Helen, not from him.",
            "next_steps": "Tomás asks Helen to escalate to Chloé Laurent; release calendar with "
            "fast-track slots sent to Jake anyway.",
        },
        notes="Voices rose when I mentioned the checkout outages. I slowed down, restated his "
        "point first (lost campaign money is real money) and then mine. We ended civilly. Agreed "
        "to disagree and to escalate.",
        summary="No compromise on same-day campaign pages; agreed to disagree; escalation to "
        "Chloé Laurent.",
        actions=(
            Action(
                "Send Jake the release calendar with the two fast-track slots a week", "tomas", 7
            ),
        ),
    ),
    InterviewSpec(
        "I13",
        S2,
        "daniel",
        ("luis",),
        19,
        7,
        0,
        "Leeds warehouse, goods-in mezzanine",
        45,
        answers={
            "recall": 'Read back: "A broken scanner swapped within an hour, on any shift, '
            'nights included." Still stands.',
            "still_stands": "yes",
            "depends": "yes",
            "depends_detail": "The picker holding it, at once; the shift's output within the "
            "hour; the morning trucks if it happens at night.",
            "importance": "4",
            "restate_need": "Restated: a working scanner back in a picker's hands quickly on "
            "any shift; at night that means a spare on site, not an engineer.",
            "it_offer": "IT offered two hours on every shift, with a locked spares cabinet on "
            "the floor that the shift supervisor can open.",
            "counter": "Luis countered with ninety minutes and a spare per ten pickers.",
            "outcome": "Need more time",
            "comfort": "3",
            "disagree": "no",
            "next_steps": "Daniel prices a spares cabinet with one spare per ten pickers and "
            "comes back within three weeks.",
        },
        notes="Short and practical. Luis is close to agreeing: the cabinet idea went down well. "
        "The sticking point is how many spares, which is a matter of money, not principle.",
        summary="Negotiation on scanner replacement continues; spares cabinet to be priced.",
        actions=(
            Action("Price a spares cabinet with one spare scanner per ten pickers", "daniel", 21),
        ),
    ),
    InterviewSpec(
        "C1",
        S2,
        "aisha",
        ("marcus",),
        40,
        11,
        0,
        "Head office, Sales director's office",
        45,
        status="cancelled",
        notes="Cancelled: Marcus was called to the regional managers' conference at short "
        "notice; to be rebooked after the Christmas trading peak.",
    ),
    InterviewSpec(
        "P1",
        S1,
        "aisha",
        ("owen",),
        -3,
        10,
        0,
        "Newcastle Eldon Square store, back office",
        45,
        status="planned",
    ),
    InterviewSpec(
        "P2",
        S2,
        "aisha",
        ("sandra",),
        -9,
        14,
        0,
        "Finance floor, meeting room 2.14",
        45,
        status="planned",
    ),
    InterviewSpec(
        "P3",
        S1,
        "tomas",
        ("chloe",),
        -24,
        11,
        0,
        "Marketing studio, Shoreditch",
        60,
        status="planned",
    ),
)

# --------------------------------------------------------------------------------------------
# Expectations and their histories; escalations.
# --------------------------------------------------------------------------------------------

#: When a step happened: ("iv", interview key, minutes after it started) or ("d", days ago, hour)
When = tuple[str, Any, int]


@dataclass(frozen=True)
class ExpectationSpec:
    """An expectation and the steps of its history, in order. Each step is one of
    ("validate", when, note[, dependence]), ("propose", when, party, target, text),
    ("agree", when, terms, text, review in N days or None), ("disagree", when, text),
    ("withdraw", when, text)."""

    key: str
    unit: str
    service: str
    contact: str
    rm: str
    statement: str
    stated: When
    interview: str | None = None
    steps: tuple[tuple[Any, ...], ...] = ()


E = ExpectationSpec

EXPECTATIONS: tuple[ExpectationSpec, ...] = (
    E(
        "E1",
        "Sales",
        "Store POS tills",
        "priya",
        "aisha",
        "The tills must never be down while a store is open, especially on a Saturday.",
        ("iv", "I2", 40),
        interview="I2",
        steps=(
            (
                "validate",
                ("d", 280, 11),
                "Confirmed with the retail systems team: all 140 stores "
                "trade only through the tills; offline mode lasts about four hours.",
            ),
            (
                "propose",
                ("iv", "I10", 15),
                Party.IT,
                99.5,
                "99.5% of trading hours, with all updates moved to Tuesday nights.",
            ),
            (
                "propose",
                ("iv", "I10", 22),
                Party.CUSTOMER,
                99.9,
                "99.9%: more than two hours of outage a month is too much for the stores.",
            ),
            (
                "propose",
                ("iv", "I10", 30),
                Party.IT,
                99.7,
                "99.7% of trading hours, plus a text to store managers when an outage is fixed.",
            ),
            (
                "agree",
                ("iv", "I10", 40),
                Terms(99.7, MeasurementType.AVAILABILITY, Frequency.MONTHLY, "% of trading hours"),
                "Agreed with Priya Nair; Marcus Reid copied.",
                12,
            ),
        ),
    ),
    E(
        "E2",
        "Sales",
        "Sales dashboards",
        "marcus",
        "aisha",
        "Yesterday's sales figures by store on my desk by eight every morning, without fail.",
        ("iv", "I1", 35),
        interview="I1",
        steps=(
            (
                "validate",
                ("d", 295, 15),
                "The data team confirms the reports are built "
                "overnight; Marcus and the area managers use them every morning before opening.",
            ),
            (
                "agree",
                ("d", 290, 11),
                Terms(
                    1,
                    MeasurementType.OTHER,
                    Frequency.WEEKLY,
                    "late mornings a week",
                    Direction.AT_MOST,
                ),
                "At most one morning a week with the report later than 08:00.",
                None,
            ),
        ),
    ),
    E(
        "E3",
        "Finance",
        "SAP Financials",
        "sandra",
        "daniel",
        "SAP available around the clock during the five close days, and nobody touching it "
        "then without asking me first.",
        ("iv", "I3", 30),
        interview="I3",
        steps=(
            (
                "validate",
                ("d", 327, 10),
                "Every step of the close runs in SAP; eight people "
                "cannot work without it. Change freeze agreed in writing with the ERP team.",
            ),
            (
                "agree",
                ("d", 322, 9),
                Terms(99.8, MeasurementType.AVAILABILITY, Frequency.MONTHLY, "%"),
                "99.8% availability each month, and no changes on close days without Sandra's "
                "sign-off.",
                40,
            ),
        ),
    ),
    E(
        "E4",
        "Finance",
        "Service desk",
        "ahmed",
        "aisha",
        "A forgotten SAP password reset within 15 minutes, so a payment run is never held up.",
        ("d", 12, 15),
    ),
    E(
        "E5",
        "Distribution",
        "Warehouse scanners",
        "luis",
        "daniel",
        "A broken scanner swapped within an hour, on any shift, nights included.",
        ("iv", "I8", 25),
        interview="I8",
        steps=(
            (
                "validate",
                ("d", 143, 8),
                "Pickers cannot work without a scanner; paper lists "
                "halve the speed. Dependence is critical.",
            ),
            (
                "propose",
                ("d", 120, 10),
                Party.IT,
                4,
                "One hour on day shifts; four hours at night, when no engineer is on site.",
            ),
            (
                "propose",
                ("d", 116, 9),
                Party.CUSTOMER,
                1,
                "One hour on every shift; night shift is where it hurts most.",
            ),
            (
                "propose",
                ("iv", "I13", 20),
                Party.IT,
                2,
                "Two hours on every shift, with a locked spares cabinet on the floor.",
            ),
            (
                "propose",
                ("iv", "I13", 30),
                Party.CUSTOMER,
                1.5,
                "Ninety minutes, and one spare per ten pickers in the cabinet.",
            ),
        ),
    ),
    E(
        "E6",
        "Distribution",
        "Web shop",
        "fiona",
        "daniel",
        "A paid web order should be in the warehouse system within five minutes. Not an hour, "
        "not at the next batch.",
        ("iv", "I6", 40),
        interview="I6",
        steps=(
            (
                "validate",
                ("iv", "I14", 25),
                "Same-day dispatch is promised on the web site for "
                "orders paid before noon; the order feed decides whether it is kept.",
            ),
        ),
    ),
    E(
        "E7",
        "Marketing",
        "Web shop",
        "jake",
        "tomas",
        "Campaign pages live on the web shop the same day Marketing asks for them, without "
        "waiting for testing.",
        ("iv", "I9", 45),
        interview="I9",
        steps=(
            (
                "validate",
                ("d", 122, 11),
                "Online revenue depends on the web shop; campaign "
                "timing really is fixed in advance, except influencer drops.",
            ),
            (
                "propose",
                ("d", 100, 14),
                Party.IT,
                3,
                "Three working days, including the payment and security test.",
            ),
            (
                "propose",
                ("d", 97, 10),
                Party.CUSTOMER,
                0,
                "Same day. Testing can happen after the page is live.",
            ),
            (
                "propose",
                ("iv", "I12", 20),
                Party.IT,
                2,
                "Two working days with the test, and two fast-track slots a week for pages with "
                "no new code.",
            ),
            (
                "disagree",
                ("iv", "I12", 40),
                "Marketing wants same-day pages with no testing; "
                "IT will not release untested changes to checkout. Agreed to disagree.",
            ),
        ),
    ),
    E(
        "E8",
        "Marketing",
        "E-mail and calendar",
        "mei",
        "tomas",
        "The corporate mail system should send our newsletters, all 200,000 of them, within "
        "an hour of pressing send.",
        ("iv", "I5", 50),
        interview="I5",
        steps=(
            (
                "validate",
                ("d", 229, 10),
                "Marketing sends eight newsletters a month; the mail "
                "gateway throttles bulk sending, so the delay is real.",
            ),
            (
                "withdraw",
                ("d", 201, 16),
                "Marketing moved newsletters to a dedicated mailing "
                "platform in the spring; nothing is needed from corporate e-mail.",
            ),
        ),
    ),
    E(
        "E9",
        "Design",
        "Pattern CAD",
        "zoe",
        "aisha",
        "Any pattern should open in Pattern CAD in under two seconds, whether it comes from the "
        "shared library or not.",
        ("iv", "I7", 30),
        interview="I7",
        steps=(
            (
                "validate",
                ("d", 205, 14),
                "Measured with Kwame: 38 s for a graded pattern from the "
                "library against 2 s locally. Twenty users in deadline weeks.",
            ),
            (
                "propose",
                ("d", 150, 10),
                Party.IT,
                5,
                "Five seconds for library patterns once the studio's network link is upgraded.",
            ),
            ("propose", ("d", 146, 15), Party.CUSTOMER, 2, "Two seconds, as for local files."),
            (
                "propose",
                ("iv", "I11", 25),
                Party.IT,
                4,
                "Four seconds after the storage upgrade next quarter; two would need a replica "
                "in the studio.",
            ),
            (
                "disagree",
                ("iv", "I11", 50),
                "Design holds to 2 seconds; IT can offer 4 without "
                "new budget. Agreed to disagree; Zoë will brief Victoria Hale.",
            ),
        ),
    ),
    E(
        "E10",
        "Design",
        "Pattern CAD",
        "kwame",
        "tomas",
        "A Pattern CAD licence must always be free when a cutter needs one; nobody should "
        "queue for a licence.",
        ("iv", "I7", 45),
        interview="I7",
        steps=(
            (
                "validate",
                ("d", 208, 11),
                "Licence logs show queues of up to 40 minutes in the "
                "last deadline week; 14 licences for 20 users.",
            ),
            (
                "propose",
                ("d", 200, 10),
                Party.IT,
                30,
                "A wait of at most 30 minutes at peak; licences cost €3,100 a year each.",
            ),
            (
                "propose",
                ("d", 197, 15),
                Party.CUSTOMER,
                0,
                "No waiting at all: a cutter waiting is a pattern late.",
            ),
            (
                "disagree",
                ("d", 190, 11),
                "No compromise on licence waits; Design wants six more "
                "licences, IT has no budget for them this year.",
            ),
        ),
    ),
    E(
        "E11",
        "Sales",
        "Web shop",
        "marcus",
        "aisha",
        "The web shop cannot go down during a sale event. Not slow, not down.",
        ("iv", "I1", 45),
        interview="I1",
        steps=(
            (
                "validate",
                ("d", 292, 10),
                "Click-and-collect and online sales peak in sale "
                "events; last Boxing Day's outage is on record.",
            ),
            (
                "propose",
                ("d", 280, 14),
                Party.IT,
                99.5,
                "99.5% during sale events with the current hosting.",
            ),
            ("propose", ("d", 275, 9), Party.CUSTOMER, 100, "100%, nothing less."),
            (
                "propose",
                ("d", 270, 10),
                Party.IT,
                99.9,
                "99.9% with extra capacity booked for each sale event, at about £40,000 a year, "
                "paid by Sales.",
            ),
            (
                "disagree",
                ("d", 266, 15),
                "Sales wants 100% and will not fund extra capacity; "
                "IT cannot promise 100% at any price. Marcus prefers to hold the escalation until "
                "after the summer sale figures.",
            ),
        ),
    ),
    E(
        "E12",
        "Finance",
        "Service desk",
        "robert",
        "aisha",
        "When my people ask the service desk for help they should come away satisfied, and I "
        "want that measured rather than assumed.",
        ("iv", "I4", 35),
        interview="I4",
        steps=(
            (
                "validate",
                ("d", 318, 10),
                "Finance raised 212 tickets last year; several people "
                "no longer raise tickets at all, which the CFO sees as a warning sign.",
            ),
            (
                "agree",
                ("d", 314, 16),
                Terms(4.0, MeasurementType.SATISFACTION, Frequency.QUARTERLY, "out of 5"),
                "Average satisfaction of at least 4 out of 5 on closed Finance tickets, each "
                "quarter.",
                5,
            ),
        ),
    ),
    E(
        "E13",
        "Design",
        "Web shop",
        "isabel",
        "tomas",
        "Approved product photos should appear in the web shop catalogue within one working "
        "day of sign-off.",
        ("d", 41, 11),
        steps=(
            (
                "validate",
                ("d", 30, 10),
                "Design uploads the approved photos; Marketing owns "
                "the catalogue. Recorded Design's dependence on the web shop as low.",
                D.LOW,
            ),
        ),
    ),
    E(
        "E14",
        "Distribution",
        "SAP Financials",
        "luis",
        "daniel",
        "Stock transfers between Leeds and Kildare should be posted in SAP as they happen, not "
        "in the overnight batch.",
        ("iv", "I8", 35),
        interview="I8",
    ),
)

ESCALATIONS: tuple[dict[str, Any], ...] = (
    {
        "expectation": "E10",
        "by": "tomas",
        "opened": ("d", 186, 10),
        "summary": "Design wants no waiting for Pattern CAD licences (six more licences, about "
        "€18,600 a year); IT has no budget this year and offers a 30-minute maximum wait.",
        "discussions": (
            (
                "helen",
                ("d", 178, 15),
                "Helen met Zoë Müller. Design could fund two licences "
                "from its sample budget if IT moves idle licences from other teams.",
            ),
        ),
        "resolve": (
            "helen",
            ("d", 160, 11),
            "Design funds two extra licences, IT reclaims two idle ones from Marketing, and "
            "licences are reserved for cutters in deadline weeks. Wait at peak: 10 minutes at "
            "most.",
            Terms(10, MeasurementType.RESPONSE_TIME, Frequency.MONTHLY, "minutes"),
            30,
        ),
    },
    {
        "expectation": "E9",
        "by": "aisha",
        "opened": ("d", 40, 10),
        "summary": "Design insists library patterns open in under 2 seconds; IT offers 4 "
        "seconds after next quarter's storage upgrade. Faster needs a studio replica at about "
        "€40,000 a year.",
        "discussions": (
            (
                "helen",
                ("d", 30, 14),
                "Helen met Victoria Hale. Victoria wants the cost of lost "
                "time in the last two deadline seasons before deciding.",
            ),
            (
                "helen",
                ("d", 11, 10),
                "Design's estimate received: 160 hours lost per season. "
                "Victoria to decide with the CFO at the next budget review.",
            ),
        ),
    },
    {
        "expectation": "E7",
        "by": "tomas",
        "opened": ("d", 9, 16),
        "summary": "Marketing (Jake Whitfield) wants campaign pages live the same day with no "
        "testing. IT offers two working days including a test, plus two fast-track slots a "
        "week. Untested releases took checkout down twice last year (about £120k of lost "
        "orders).",
    },
)

# --------------------------------------------------------------------------------------------
# Measurements of agreed expectations, and the explanation of each miss.
# --------------------------------------------------------------------------------------------

MEASURES: dict[str, dict[str, Any]] = {
    "E1": {
        "good": (99.72, 99.98),
        "misses": (
            (
                99.31,
                "A faulty card-terminal firmware update froze payments in 23 stores for 50 "
                "minutes on a Saturday afternoon.",
                "The update was rolled back remotely the same afternoon; stores were told by "
                "text as soon as payments worked again.",
                "Terminal firmware now goes to five pilot stores for a full week before the "
                "rest, and never on a Friday.",
            ),
            (
                99.55,
                "The nightly takings upload overran into opening time after a bank holiday, "
                "slowing the tills in the first hour of trading.",
                "The upload was paused at 08:55 and finished after closing.",
                "The upload is split by region and must finish by 07:00; an alert goes to the "
                "on-call engineer at 06:30 if it will not.",
            ),
        ),
    },
    "E2": {
        "good": (0, 1),
        "misses": (
            (
                3,
                "The overnight load of store sales failed three mornings in a row after a "
                "change to the product hierarchy.",
                "The data team fixed the mapping and re-ran the loads; reports were out by 10:30 "
                "on each day.",
                "Hierarchy changes are now tested against a copy of the previous night's data "
                "before going live.",
            ),
            (
                2,
                "A database maintenance job ran long on Monday and Tuesday nights.",
                "The job was moved to Saturday night.",
                "Maintenance jobs now have a deadline of 05:00 and stop themselves if they "
                "would overrun.",
            ),
        ),
    },
    "E3": {
        "good": (99.82, 100.0),
        "misses": (
            (
                99.41,
                "A security patch applied on close day two needed a restart that took 40 "
                "minutes longer than planned.",
                "Finance was told within ten minutes; the close timetable slipped by half a "
                "day and was recovered by day five.",
                "Security patches now wait until after the close unless the security team "
                "and Sandra Kowalski both sign off.",
            ),
        ),
    },
    "E10": {
        "good": (2, 9),
        "misses": (
            (
                18,
                "Two reclaimed licences were still checked out by Marketing's agency during "
                "the deadline week.",
                "The licences were released the same morning and reserved for the cutters.",
                "Reserved licences are now checked on the Monday of each deadline week.",
            ),
        ),
    },
    "E12": {
        "good": (4.1, 4.5),
        "misses": (
            (
                3.7,
                "A wave of tickets after the SAP upgrade went to a new service desk team who "
                "did not know Finance's processes.",
                "Finance tickets were routed to the ERP specialists for the rest of the quarter.",
                "Every new service desk analyst now has a half-day with Finance before taking "
                "their tickets.",
            ),
        ),
    },
}

# --------------------------------------------------------------------------------------------
# Monthly reviews, service reviews and action items.
# --------------------------------------------------------------------------------------------

REVIEWS: dict[str, dict[str, Any]] = {
    "Sales": {
        "days": (8, 38, 66, 97, 128, 157, 188),
        "discussed": (
            "The Christmas trading plan: till support cover on Saturdays and the last two "
            "weeks of December.",
            "Till availability report for last month; the card-terminal firmware incident and "
            "its explanation.",
            "Click-and-collect volumes and the web shop's behaviour during the summer sale.",
            "The morning dashboards: two late mornings and what was done about them.",
            "New stores opening in Glasgow and Cork: till installation dates.",
            "Store staff logins: new starters waiting too long for their till codes.",
            "Marcus's expectation on web shop availability during sales, still disagreed.",
        ),
        "delivered": (
            "Tills upgraded in 38 stores without a minute of trading lost.",
            "Text alerts to store managers when a till outage is fixed.",
            "New sales dashboard page for concessions.",
            "Tuesday-night maintenance window in place for all till updates.",
            "Card terminals replaced in the ten busiest stores.",
            "Offline mode extended from four to six hours in the pilot stores.",
            "Same-day till logins for new starters.",
        ),
        "planned": (
            "Saturday on-call engineer for the retail systems team through January.",
            "Pilot of contactless-only tills in two concessions.",
            "Review of the till availability target after six months.",
            "Dashboards on store managers' phones.",
            "Replace the remaining card terminals before the Boxing Day sale.",
            "Move the takings upload earlier so it never overlaps opening time.",
            "Till training video for seasonal staff.",
        ),
        "goals_notes": (
            "Till availability missed in one month (firmware incident, explained).",
            "Dashboards late on three mornings; fixed and explained.",
        ),
        "actions": (
            ("Confirm Saturday on-call cover for December with retail systems", "aisha"),
            ("Send store managers the Christmas support contact sheet", "aisha"),
            ("Share the summer sale click-and-collect figures with IT", "marcus"),
            ("List stores still on old card terminals", "aisha"),
        ),
    },
    "Marketing": {
        "days": (21, 50, 82, 113, 141, 172),
        "discussed": (
            "The escalation on same-day campaign pages, and how fast-track slots could work "
            "in the meantime.",
            "Black Friday readiness: load test results for the web shop.",
            "Newsletter move to the mailing platform; corporate e-mail no longer involved.",
            "Release calendar for the autumn launch.",
            "Web shop page speed on mobile.",
            "Agency access to the web shop content system.",
        ),
        "delivered": (
            "Load test at three times last year's Black Friday peak passed.",
            "Fast-track release slot on Tuesdays and Thursdays for content-only pages.",
            "Agency accounts with their own logins instead of a shared one.",
            "Campaign banner scheduling in the content system.",
            "Mobile product pages 30% faster.",
            "Staging copy of the web shop for the agency to preview pages.",
        ),
        "planned": (
            "Code freeze from the Monday before Black Friday to the following Tuesday.",
            "Second fast-track slot trial for influencer drops.",
            "Review of the web shop release process with the digital team.",
            "Spring launch pages built by February.",
            "Page-speed report for the marketing team every Monday.",
            "Shared calendar of campaign dates and release windows.",
        ),
        "goals_notes": (
            "Two releases slipped past campaign start dates; Marketing counts it as a miss.",
            "Checkout slow for an hour on the launch day.",
        ),
        "actions": (
            ("Send Chloé the Black Friday code-freeze dates", "tomas"),
            ("Give IT the campaign calendar for the spring launch", "chloe"),
            ("Propose how influencer drops could use a fast-track slot", "tomas"),
        ),
    },
    "Finance": {
        "days": (4, 33, 61, 92, 122, 153, 184),
        "discussed": (
            "SAP availability over the last close and the change freeze.",
            "Service desk satisfaction for the quarter, down after the SAP upgrade.",
            "Year-end audit preparation: auditors' access to SAP.",
            "The bank link: alerts when a payment file is rejected.",
            "Password resets holding up the payment run (Ahmed's team).",
            "SAP upgrade timetable and the test plan for the close.",
            "Quarterly board pack: data extracts from SAP.",
        ),
        "delivered": (
            "Close completed on working day five with no incident.",
            "Alert to the treasury mailbox when a payment file is rejected by the bank.",
            "SAP upgrade completed over a weekend, tested against a copy of the close.",
            "Finance tickets routed to the ERP specialists.",
            "Read-only SAP accounts for the auditors.",
            "Self-service password reset for SAP, in pilot.",
            "Daily cash report available by 09:30 instead of 10:00.",
        ),
        "planned": (
            "Self-service password reset for all Finance users.",
            "Year-end change freeze from 25 March.",
            "New consolidation report for the Irish company.",
            "Review of SAP availability target with the ERP team.",
            "Bank link moved to the new payment gateway.",
            "Auditor access checklist for year-end.",
            "SAP upgrade rehearsal on a copy of the September close.",
        ),
        "goals_notes": (
            "Service desk satisfaction under target for one quarter (explained).",
            "Close day two disrupted by a patch restart (explained).",
        ),
        "actions": (
            ("Confirm the year-end change freeze dates with the ERP team", "daniel"),
            ("Roll out self-service password reset to accounts payable", "aisha"),
            ("Send IT the list of auditors needing SAP access", "sandra"),
            ("Report service desk satisfaction for Finance tickets", "aisha"),
        ),
    },
    "Distribution": {
        "days": (13, 44, 73, 104, 134, 165),
        "discussed": (
            "Peak season readiness: scanners, spares and night cover.",
            "The web order feed: measured delays and the proposal to come.",
            "Scanner replacement times, still under negotiation.",
            "Kildare's new mezzanine: Wi-Fi coverage for the scanners.",
            "Stock transfer postings between Leeds and Kildare.",
            "The charging rack at Leeds: broken slots.",
        ),
        "delivered": (
            "Twelve new scanners at Leeds, eight at Kildare.",
            "Charging rack repaired and a second one installed.",
            "Wi-Fi extended to the Kildare mezzanine.",
            "Night-shift on-call number for the service desk.",
            "Order feed monitoring with an alert after ten minutes of silence.",
            "Second charging rack at Kildare.",
        ),
        "planned": (
            "Spares cabinet pilot on the Leeds floor.",
            "Proposal on the web order feed before the peak.",
            "Scanner refresh for Kildare next year.",
            "Review of night cover after the peak.",
            "Walk-test of Wi-Fi in the new Kildare racking.",
            "Spare scanners counted and labelled at both sites.",
        ),
        "goals_notes": (
            "Two nights with scanners down and no spares on site.",
            "Order feed delayed on three afternoons; same-day dispatch missed for 140 orders.",
        ),
        "actions": (
            ("Confirm night-shift on-call cover for the peak", "daniel"),
            ("Send IT the peak staffing plan per shift", "luis"),
            ("Check Wi-Fi on the Kildare mezzanine with a scanner walk-test", "daniel"),
        ),
    },
    "Design": {
        "days": (47, 79, 108, 140, 170, 201),
        "discussed": (
            "The escalation on pattern opening speed, and what Victoria Hale needs to decide.",
            "Licence reservations for the deadline weeks; the miss in the last one.",
            "Storage upgrade plan for the pattern library.",
            "Tech pack transfer to the factories in Portugal and Türkiye.",
            "Pattern CAD version upgrade and training for the graders.",
            "Sample-room calendar for the next season.",
        ),
        "delivered": (
            "Two extra Pattern CAD licences and two reclaimed from Marketing.",
            "Licence reservation for cutters in deadline weeks.",
            "Secure file transfer for tech packs to the factories.",
            "Network link to the studio upgraded.",
            "Pattern CAD upgraded to the current version.",
            "Studio printer for full-size pattern plots repaired.",
        ),
        "planned": (
            "Storage upgrade for the pattern library.",
            "Measure library opening times before and after the upgrade.",
            "Training on the new grading features.",
            "Review of licence numbers before the March deadline.",
            "Trial of the library replica on two workstations.",
            "Licence usage report after each deadline week.",
        ),
        "goals_notes": (
            "Library patterns still slow to open; under escalation.",
            "Licence wait of 18 minutes in the deadline week (explained).",
        ),
        "actions": (
            ("Book the storage upgrade outside the deadline weeks", "aisha"),
            ("Give IT the sample-room dates for next season", "zoe"),
            ("Measure library opening times on ten typical patterns", "tomas"),
        ),
    },
}

STANDING_ITEM = "Service goals for the month, and the action items still open."

SERVICE_REVIEWS: tuple[dict[str, Any], ...] = (
    {
        "service": "SAP Financials",
        "unit": "Finance",
        "days": (52, 143),
        "by": "daniel",
        "contacts": ("robert", "sandra"),
        "discussed": (
            "Availability over the quarter, the patch incident on close day two, and the "
            "change freeze.",
            "Upgrade readiness; the test plan run against a copy of the close.",
        ),
    },
    {
        "service": "Store POS tills",
        "unit": "Sales",
        "days": (58, 149),
        "by": "aisha",
        "contacts": ("marcus", "priya"),
        "discussed": (
            "Availability against the 99.7% target, the firmware incident, and terminal "
            "replacement before Christmas.",
            "Offline mode pilot results and the Tuesday-night maintenance window.",
        ),
    },
)

# --------------------------------------------------------------------------------------------
# Satisfaction surveys and support issues.
# --------------------------------------------------------------------------------------------

SURVEY_QUESTIONS = (
    "Reliability of the services we depend on",
    "Speed of the service desk",
    "Keeping us informed about outages and changes",
    "Understanding of our business",
    "Value for money",
)

SURVEYS: dict[str, dict[str, Any]] = {
    "Sales": {
        "start": 3.0,
        "step": 0.2,
        "comments": (
            "Baseline. Stores unhappy about Saturday till freezes.",
            "Better since updates moved to Tuesday nights.",
            "Text alerts to store managers appreciated.",
            "Steady; concern about Christmas cover.",
        ),
    },
    "Marketing": {
        "start": 3.3,
        "step": -0.15,
        "comments": (
            "Baseline. Web shop changes seen as slow.",
            "Newsletter problem solved by moving platforms, not by IT.",
            "Frustration with the release windows.",
            "Escalation in progress; mood guarded.",
        ),
    },
    "Finance": {
        "start": 3.8,
        "step": 0.1,
        "comments": (
            "Baseline. SAP good, service desk less so.",
            "Close went smoothly; service desk still mixed.",
            "Dip after the SAP upgrade tickets.",
            "Recovered; ERP specialists on Finance tickets helped.",
        ),
    },
    "Distribution": {
        "start": 2.8,
        "step": 0.25,
        "comments": (
            "Baseline. Night cover is the main complaint.",
            "New scanners welcome.",
            "Night on-call number makes a difference.",
            "Good, waiting for the order feed proposal.",
        ),
    },
    "Design": {
        "start": 2.7,
        "step": 0.1,
        "comments": (
            "Baseline. Pattern CAD speed and licences.",
            "Licence issue escalated and resolved.",
            "Library speed still a sore point.",
            'One comment: "IT listens now, even when the answer is no."',
        ),
    },
}

#: (unit, service, title, description, importance, satisfaction)
SUPPORT_ISSUES: tuple[tuple[str, str | None, str, str, int, int], ...] = (
    (
        "Sales",
        "Store POS tills",
        "Tills freeze during card payments on Saturdays",
        "Intermittent freezes at peak times; fixed twice, came back twice.",
        5,
        2,
    ),
    (
        "Sales",
        "Service desk",
        "Till logins for new starters ready on day one",
        "Since the spring, new store staff have their codes before their first shift.",
        4,
        5,
    ),
    (
        "Sales",
        None,
        "Back-office printer toner deliveries",
        "Stores sometimes wait a week for toner.",
        2,
        2,
    ),
    (
        "Sales",
        "E-mail and calendar",
        "Shared mailbox for each store",
        "Every store has its own mailbox and a monthly clean-up; few stores use it.",
        2,
        5,
    ),
    (
        "Marketing",
        "Web shop",
        "Campaign pages released late",
        "Pages miss campaign start dates when they need a release window.",
        5,
        1,
    ),
    (
        "Marketing",
        "Web shop",
        "Web shop stays fast at Black Friday peak",
        "Load-tested at three times last year's peak; held up on the day.",
        5,
        4,
    ),
    (
        "Marketing",
        "E-mail and calendar",
        "Meeting-room screens in the studio",
        "Screens sometimes fail to connect; people use a laptop instead.",
        2,
        3,
    ),
    (
        "Finance",
        "SAP Financials",
        "SAP available through the month-end close",
        "Change freeze respected; one incident in the year, explained.",
        5,
        4,
    ),
    (
        "Finance",
        "Service desk",
        "Password resets holding up the payment run",
        "Accounts payable waits for resets on payment days.",
        4,
        2,
    ),
    (
        "Finance",
        "Sales dashboards",
        "Weekly margin report in a new layout",
        "Rebuilt twice on request; Finance only glances at it.",
        2,
        4,
    ),
    (
        "Distribution",
        "Warehouse scanners",
        "No spare scanners on night shift",
        "Dead scanners cannot be swapped at night; pickers stand idle.",
        5,
        1,
    ),
    (
        "Distribution",
        "Service desk",
        "Night-shift on-call number",
        "Answered within five minutes on every call since it started.",
        4,
        4,
    ),
    (
        "Distribution",
        None,
        "Label printer ribbons at Kildare",
        "Ribbons ordered late; the site buys its own locally.",
        3,
        2,
    ),
    (
        "Design",
        "Pattern CAD",
        "Library patterns slow to open",
        "Graded patterns take up to 38 seconds from the library.",
        5,
        1,
    ),
    (
        "Design",
        "Pattern CAD",
        "Licence reservation in deadline weeks",
        "Cutters get a licence when they need one since the escalation.",
        4,
        4,
    ),
    (
        "Design",
        "E-mail and calendar",
        "Large attachments to the factories",
        "Secure transfer set up for tech packs; e-mail limit raised too, rarely needed.",
        1,
        5,
    ),
)
