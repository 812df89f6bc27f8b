"""Reading dates (actorgraph.dates) and checking filter dates."""

from __future__ import annotations

import pytest

from actorgraph.dates import DateReadError, check_filter_date, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-01", "2022-02-01"),
        ("2022-02-01T23:30:00Z", "2022-02-01"),
        ("2022-02-01 10:00:00+05:00", "2022-02-01"),
        ("Tue, 01 Feb 2022 10:00:00 +0000", "2022-02-01"),  # RFC 2822
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),  # Reuters-21578
        ("February 1, 2022", "2022-02-01"),
        ("1 February 2022", "2022-02-01"),
        ("Feb 1st, 2022", "2022-02-01"),
        ("20220201", "2022-02-01"),
        ("02/01/2022", "2022-02-01"),  # month first by default
    ],
)
def test_common_date_forms(value: str, expected: str) -> None:
    assert parse_date(value) == expected


def test_dayfirst_reads_ambiguous_dates_day_first_and_leaves_iso_alone() -> None:
    assert parse_date("02/01/2022", dayfirst=True) == "2022-01-02"
    assert parse_date("13/01/2022") == "2022-01-13"  # only one reading exists
    assert parse_date("2022-02-01", dayfirst=True) == "2022-02-01"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "empty"),
        ("last week", "not a date"),
        ("March 2022", "no day"),
        ("2023-02-29", "no such day"),
        ("Feb 30 2020", "no such day"),
        ("12345", "a number"),
        ("1 février 2022", "not a date"),
    ],
)
def test_unreadable_dates_say_why(value: str, why: str) -> None:
    with pytest.raises(DateReadError, match=why):
        parse_date(value)


@pytest.mark.parametrize("value", ["2024", "2024-02", "2024-02-29"])
def test_filter_dates_that_exist(value: str) -> None:
    assert check_filter_date(value, "--since") == value


@pytest.mark.parametrize("value", ["2005-13", "2023-02-29", "2024-00", "2024-04-31"])
def test_filter_dates_that_do_not_exist(value: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        check_filter_date(value, "--since")


def test_filter_dates_of_another_form() -> None:
    with pytest.raises(ValueError, match="must be a date like"):
        check_filter_date("March", "--until")
    assert check_filter_date(None, "--until") is None
