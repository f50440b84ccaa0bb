"""The method's pure rules: key-customer verdict, priority quadrant, script conditions, met."""

import pytest

from relman.models import Direction, Quadrant, is_key, key_verdict, quadrant
from relman.workflows.expectations import met
from relman.workflows.scripts import condition_met


def criteria(n_met: int) -> list[bool]:
    return [True] * n_met + [False] * (7 - n_met)


# --- key customers -------------------------------------------------------------------------


@pytest.mark.parametrize("n_met", range(8))
def test_one_criterion_met_is_enough(n_met: int) -> None:
    assert is_key(criteria(n_met), unreasonable=False) is (n_met > 0)


@pytest.mark.parametrize("n_met", range(8))
def test_unreasonable_demands_are_not_outweighed(n_met: int) -> None:
    assert is_key(criteria(n_met), unreasonable=True) is False


def test_only_an_override_keeps_an_unreasonable_contact_key() -> None:
    assert is_key(criteria(1), unreasonable=True, override=True)
    assert not is_key(criteria(0), unreasonable=True, override=True)


def test_which_criterion_is_met_does_not_matter() -> None:
    for position in range(7):
        assert is_key([i == position for i in range(7)], unreasonable=False)


def test_truthy_values_count_as_met() -> None:
    assert is_key([0, 0, "yes", "", None, 0, 0], unreasonable=False)
    assert not is_key([0, "", None], unreasonable=False)


def test_the_verdict_names_what_carried_it_or_counted_against() -> None:
    answers = [("Depends on us", True), ("Shared expectations", False)]
    assert (
        key_verdict(answers).text
        == "Key customer: carried by “Depends on us” (one criterion is enough)."
    )
    against = key_verdict(answers, unreasonable=True)
    assert not against.is_key and "count against them" in against.text
    clash = key_verdict(
        [("Shared expectations", True)], unreasonable=True, exclusive=["Shared expectations"]
    )
    assert clash.problem and "Untick" in clash.problem


# --- priority quadrant ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "satisfaction", "expected"),
    [
        (5, 1, Quadrant.FIX_FIRST),
        (4, 3, Quadrant.FIX_FIRST),
        (4, 4, Quadrant.KEEP_DOING),
        (5, 5, Quadrant.KEEP_DOING),
        (3, 3, Quadrant.LATER),
        (1, 1, Quadrant.LATER),
        (3, 4, Quadrant.OVERSPENT),
        (1, 5, Quadrant.OVERSPENT),
    ],
)
def test_quadrant(importance: int, satisfaction: int, expected: Quadrant) -> None:
    assert quadrant(importance, satisfaction) is expected


def test_an_average_three_counts_with_the_lower_half() -> None:
    assert quadrant(3, 5) is Quadrant.OVERSPENT  # 3 is not "important"
    assert quadrant(5, 3) is Quadrant.FIX_FIRST  # 3 is not "satisfied"


# --- conditions on earlier answers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answer", "expected"),
    [
        ("yes", "yes", True),
        ("yes", "Yes", True),
        ("yes", " YES ", True),
        ("yes", "no", False),
        ("=yes", "yes", True),
        ("!=no", "yes", True),
        ("!=no", "no", False),
        ("!= no", "NO", False),
        ("<=2", "2", True),
        ("<=2", "1", True),
        ("<=2", "3", False),
        ("<3", "3", False),
        ("<3", "2", True),
        (">=4", "4", True),
        (">=4", "3", False),
        ("> 4", "5", True),
        (" >4 ", "4", False),
        ("3", "3", True),
        ("Option B", "option b", True),
    ],
)
def test_condition_met(condition: str, answer: str, expected: bool) -> None:
    assert condition_met(condition, answer) is expected


@pytest.mark.parametrize("answer", [None, ""])
def test_no_answer_never_meets_a_condition(answer: str | None) -> None:
    assert condition_met("yes", answer) is False
    assert condition_met("!=no", answer) is False
    assert condition_met("<=5", answer) is False


@pytest.mark.parametrize(("condition", "answer"), [("<=2", "abc"), (">=x", "3"), ("<", "1")])
def test_comparison_with_non_numbers_is_not_met(condition: str, answer: str) -> None:
    assert condition_met(condition, answer) is False


def test_empty_condition_is_not_met() -> None:
    assert condition_met("", "yes") is False


# --- met / missed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (99.9, 99.5, Direction.AT_LEAST, True),
        (99.5, 99.5, Direction.AT_LEAST, True),
        (99.4, 99.5, Direction.AT_LEAST, False),
        (3.0, 4.0, Direction.AT_MOST, True),
        (4.0, 4.0, Direction.AT_MOST, True),
        (4.1, 4.0, Direction.AT_MOST, False),
        (0.0, 0.0, Direction.AT_MOST, True),
        (-1.0, 0.0, Direction.AT_LEAST, False),
    ],
)
def test_met(value: float, target: float, direction: Direction, expected: bool) -> None:
    assert met(value, target, direction) is expected
