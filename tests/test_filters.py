"""The filter value: validated once, the same in SQL and in Python."""

from __future__ import annotations

import dataclasses

import pytest

from actorgraph.errors import FilterError
from actorgraph.filters import GraphFilter


def test_an_empty_filter_keeps_everything() -> None:
    f = GraphFilter()
    assert not f.active and not f.per_interaction and f.weight == "events"
    assert GraphFilter.of(since=None, types="") == f


def test_values_are_normalised_once() -> None:
    f = GraphFilter(types=" accuse,Consult ", quads=["VERBAL-COOP"], statuses="Planned",
                    countries="rus, ukr", min_weight=0, min_confidence=1)  # fmt: skip
    assert f.types == frozenset({"ACCUSE", "CONSULT"})
    assert f.quads == frozenset({"verbal-coop"})
    assert f.statuses == frozenset({"planned"})
    assert f.countries == frozenset({"RUS", "UKR"})
    assert f.min_weight is None  # 0 keeps every pair
    assert f.min_confidence == 1.0
    assert f.active and f.per_interaction


def test_a_filter_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        GraphFilter().since = "2024"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"since": "2024-02-30"}, "since must be a date"),
        ({"until": "2024-00"}, "until must be a date"),
        ({"since": "24-01-01"}, "since must be a date"),
        ({"types": "HUG"}, "unknown event type HUG"),
        ({"quads": "coop"}, "unknown quad class coop"),
        ({"statuses": "maybe"}, "unknown status maybe"),
        ({"countries": "RUS,Russia"}, "unknown country code RUSSIA"),
        ({"min_weight": -1}, "min_weight must be 0 or more"),
        ({"min_weight": 1.5}, "min_weight must be a whole number"),
        ({"min_confidence": 1.01}, "min_confidence must be between 0 and 1"),
        ({"min_confidence": "high"}, "min_confidence must be between 0 and 1"),
        ({"weight": "votes"}, "weight must be one of events, mentions"),
    ],
)
def test_bad_values_are_refused_with_what_is_expected(fields: dict, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        GraphFilter(**fields)


def test_of_refuses_unknown_fields() -> None:
    with pytest.raises(TypeError, match="unknown filter sinse"):
        GraphFilter.of(sinse="2024")


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        ({"date": "2024-03-15", "type": "ACCUSE", "confidence": 0.8}, True),
        ({"date": "2024-02-28", "type": "ACCUSE", "confidence": 0.8}, False),  # before since
        ({"date": "", "type": "ACCUSE", "confidence": 0.8}, False),  # undated
        ({"date": "2024-04", "type": "ACCUSE", "confidence": 0.8}, True),  # a month, inside
        ({"date": "2024-05-01", "type": "ACCUSE", "confidence": 0.8}, False),  # after until
        ({"date": "2024-03-15", "type": "AID", "confidence": 0.8}, False),  # another type
        ({"date": "2024-03-15", "type": "ACCUSE", "confidence": 0.2}, False),  # unsure
    ],
)
def test_keeps(data: dict, kept: bool) -> None:
    f = GraphFilter(since="2024-03", until="2024-04", types="ACCUSE", min_confidence=0.5)
    assert f.keeps(data, "", "") is kept
