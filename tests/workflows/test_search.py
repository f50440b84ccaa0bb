"""Search over every record's free text (FTS5): words, prefixes, re-indexing, hostile input."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relman.errors import RelmanError
from relman.models import Dependence
from relman.workflows import contacts, portfolio, search, services
from relman.workflows import expectations as ex


def find(db, typed: str, **kwargs) -> list[search.Hit]:
    with db.session() as s:
        return search.search(s, typed, **kwargs)


def refs(db, typed: str) -> set[tuple[str, uuid.UUID]]:
    """What the test's own records match (a new database also holds the shipped scripts)."""
    return {(h.kind, h.ref_id) for h in find(db, typed) if h.kind != "script"}


@pytest.fixture
def carla(db) -> uuid.UUID:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", notes="Sells denim worldwide")
        return contacts.create_contact(
            s,
            "Carla Quintero",
            unit_id=unit.id,
            title="Head of Retail",
            notes="Prefers early meetings; worried about the warehouse scanners.",
        ).id


def test_finds_a_record_by_a_word_of_its_notes(db, carla) -> None:
    [hit] = find(db, "warehouse")
    assert (hit.kind, hit.ref_id, hit.title) == ("contact", carla, "Carla Quintero")
    assert hit.kind_label == "Contact"
    assert "the warehouse scanners" in hit.snippet, "plain text: no brackets around the match"
    assert "<b>warehouse</b>" in hit.snippet_html()


def test_finds_by_title_and_is_case_insensitive(db, carla) -> None:
    assert refs(db, "QUINTERO") == {("contact", carla)}
    assert refs(db, "retail") == {("contact", carla)}


def test_prefix_matching(db, carla) -> None:
    assert refs(db, "wareh") == {("contact", carla)}
    assert refs(db, "scan") == {("contact", carla)}
    assert refs(db, "sc") == {("contact", carla)}
    assert refs(db, "housewares") == set()
    assert refs(db, "arehouse") == set()  # words match from their start only


def test_every_word_must_match(db, carla) -> None:
    assert refs(db, "early scan") == {("contact", carla)}
    assert refs(db, "early denim") == set()
    kinds = {kind for kind, _ in refs(db, "denim")}
    assert kinds == {"unit"}


def test_accents_and_other_scripts(db) -> None:
    with db.session() as s:
        contact = contacts.create_contact(
            s, "Zoë Ærøskøbing", notes="Réunion à Genève; اجتماع المبيعات 😀"
        ).id
    assert refs(db, "geneve") == {("contact", contact)}
    assert refs(db, "Genève") == {("contact", contact)}
    assert refs(db, "zoe") == {("contact", contact)}
    assert refs(db, "المبيعات") == {("contact", contact)}


def test_an_update_re_indexes(db, carla) -> None:
    with db.session() as s:
        contacts.update_contact(
            s, carla, expected_version=None, notes="Now worried about the loyalty programme."
        )
    assert refs(db, "warehouse") == set()
    assert refs(db, "loyalty") == {("contact", carla)}
    with db.session() as s:
        contacts.update_contact(s, carla, expected_version=None, name="Carla Montoya")
    assert refs(db, "Quintero") == set()
    assert refs(db, "Montoya") == {("contact", carla)}


def test_a_delete_removes_the_hits(db, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Logistics", notes="Runs the zeppelin depot")
        service = services.create_service(s, "Fleet tracking")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        exp = ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement="Trackers report every quokka minute",
            by=people.rm,
        )
        ex.add_note(s, exp.id, by=people.rm, text="Checked the wombat feed")
        unit_id, exp_id = unit.id, exp.id
    assert refs(db, "zeppelin") == {("unit", unit_id)}
    assert refs(db, "quokka") == {("expectation", exp_id)}
    assert refs(db, "wombat") == {("expectation", exp_id)}
    with db.session() as s:  # the way undoing the unit's creation deletes it, with what follows
        from relman.models import BusinessUnit

        s.delete(s.get(BusinessUnit, unit_id))
    assert refs(db, "zeppelin") == set()
    assert refs(db, "quokka") == set()  # the cascaded expectation goes from the index too
    assert refs(db, "wombat") == set()
    assert refs(db, "Fleet") == {("service", service.id)}


def test_each_record_appears_once(db, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Ops")
        service = services.create_service(s, "Mail")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.LOW)
        exp = ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement="Mail in a jiffy", by=people.rm
        )
        ex.validate_expectation(s, exp.id, by=people.rm, note="jiffy confirmed")
        ex.add_note(s, exp.id, by=people.rm, text="jiffy again")
    hits = find(db, "jiffy")
    assert [(h.kind, h.ref_id) for h in hits] == [("expectation", exp.id)]


def test_limit(db) -> None:
    with db.session() as s:
        for i in range(5):
            contacts.create_contact(s, f"Person {i}", notes="shared marmalade")
    assert len(find(db, "marmalade")) == 5
    assert len(find(db, "marmalade", limit=2)) == 2
    with pytest.raises(RelmanError) as err:
        find(db, "marmalade", limit=0)
    assert "at least 1" in err.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        '"',
        '""',
        "'",
        "*",
        "**",
        "warehouse*",
        "NEAR",
        "NEAR(warehouse scanners)",
        "warehouse NEAR scanners",
        "AND",
        "warehouse AND",
        "OR NOT AND",
        "NOT warehouse",
        "(",
        ")",
        "(warehouse",
        "[]",
        "{}",
        "^warehouse",
        "-warehouse",
        "+",
        "title:warehouse",
        "body : x",
        "a",
        "_",
        "__",
        "a_b",
        "\\",
        "%",
        "\x00",
        "😀",
        "\u0301",
        "\u200b",
        "'; DROP TABLE search_doc; --",
        "x" * 5000,
        " ".join(["word"] * 100),
    ],
)
def test_hostile_query_never_raises(db, carla, typed: str) -> None:
    hits = find(db, typed)
    assert isinstance(hits, list)
    assert all(isinstance(h, search.Hit) for h in hits)


def test_operators_are_searched_as_plain_words(db) -> None:
    with db.session() as s:
        contact = contacts.create_contact(s, "Nora", notes="Stay NEAR the AND gate, NOT the OR").id
    assert refs(db, "NEAR") == {("contact", contact)}
    assert refs(db, "and gate") == {("contact", contact)}
    assert refs(db, '"NOT" (or)') == {("contact", contact)}


def test_hostile_text_is_found_by_its_words(db) -> None:
    with db.session() as s:
        contact = contacts.create_contact(
            s, "Eve", notes="<b>bold</b> & \"quoted\" =SUM(A1) 'single'"
        ).id
    for typed in ("bold", "quoted", "SUM", "A1", "single", "<b>"):
        assert refs(db, typed) == {("contact", contact)}, typed


def test_fts_query_quotes_every_word() -> None:
    assert search.fts_query("") is None
    assert search.fts_query("*() \"'") is None
    assert search.fts_query('ware "NEAR" a') == '"ware"* "NEAR"* "a"'
    assert search.fts_query(" ".join(f"w{i}" for i in range(20))).count('"*') == 12


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(typed=st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_search_never_raises_on_arbitrary_input(db, carla, typed: str) -> None:
    hits = find(db, typed)
    assert all(isinstance(h.ref_id, uuid.UUID) for h in hits)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(word=st.from_regex(r"[A-Za-z]{3,12}", fullmatch=True))
def test_any_stored_word_is_found(db, word: str) -> None:
    with db.session() as s:
        contact = contacts.create_contact(s, "Prop", notes=f"before {word} after").id
    assert ("contact", contact) in refs(db, word)


def test_snippets_show_list_items_without_their_raw_dashes() -> None:
    on, off = search.MARK_ON, search.MARK_OFF
    text, marks = search.unmark(f"- {on}Storage{off} upgrade plan\n- Service goals\n  * late")
    assert text == "Storage upgrade plan · Service goals · late"
    assert [text[a:b] for a, b in marks] == ["Storage"]
    assert search.unmark("a well-known - dash")[0] == "a well-known - dash"
