"""Read the dates news comes with (ISO, RFC 2822, wire and written forms) with python-dateutil."""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as _parser

#: Years outside this range are taken as misreadings, not dates of news.
MIN_YEAR, MAX_YEAR = 1800, 2200

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
# Two defaults that differ in every field: a field the text does not give shows as a
# difference between the two readings.
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)


class DateReadError(ValueError):
    """A date that could not be read; the message says why, in a few words."""


def parse_date(value: str, *, dayfirst: bool = False) -> str:
    """The calendar day a date string names, as ``YYYY-MM-DD``.

    Parameters
    ----------
    value : str
        A date as sources write it: ``2022-02-01``, ``2022-02-01T10:00:00Z``,
        ``Tue, 01 Feb 2022 10:00:00 +0000`` (RFC 2822), ``26-FEB-1987 15:01:01.79``
        (Reuters), ``February 1, 2022``, ``1 Feb 2022``, ``02/01/2022``...
    dayfirst : bool, default False
        Read an ambiguous numeric date such as ``02/01/2022`` day first (1 February
        becomes 2 January otherwise). ISO dates are always year-month-day.

    Returns
    -------
    str
        The date as written in its own time zone (no conversion), ISO formatted.

    Raises
    ------
    DateReadError
        If the value is empty, not a date, lacks a year, month or day, or names a day
        that does not exist.

    Examples
    --------
    >>> parse_date("26-FEB-1987 15:01:01.79"), parse_date("02/01/2022", dayfirst=True)
    ('1987-02-26', '2022-01-02')
    """
    text = " ".join(str(value).split())
    if not text:
        raise DateReadError("empty date")
    iso = _ISO_DAY.match(text)
    if iso:  # the common case, and never day-first
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            raise DateReadError(f"no such day {text[:10]!r}") from None
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if compact:  # YYYYMMDD, as GDELT and ICEWS write it
        try:
            return date(int(compact[1]), int(compact[2]), int(compact[3])).isoformat()
        except ValueError:
            raise DateReadError(f"no such day {text!r}") from None
    if _NUMBER.fullmatch(text):
        raise DateReadError(f"a number, not a date: {text!r}")
    try:
        first = _parser.parse(text, dayfirst=dayfirst, default=_DEFAULT_A)
        second = _parser.parse(text, dayfirst=dayfirst, default=_DEFAULT_B)
    except _parser.ParserError as exc:
        message = str(exc)
        if "out of range" in message or "must be in" in message:
            raise DateReadError(f"no such day {text!r}") from None
        raise DateReadError(f"not a date: {text!r}") from None
    except (ValueError, OverflowError):
        raise DateReadError(f"not a date: {text!r}") from None
    missing = [
        name
        for name, a, b in (
            ("year", first.year, second.year),
            ("month", first.month, second.month),
            ("day", first.day, second.day),
        )
        if a != b
    ]
    if missing:
        raise DateReadError(f"no {' or '.join(missing)} in {text!r}")
    if not MIN_YEAR <= first.year <= MAX_YEAR:
        raise DateReadError(f"year {first.year} out of range in {text!r}")
    return first.date().isoformat()


def check_filter_date(value: str | None, name: str) -> str | None:
    """A ``--since``/``--until`` value checked to name a real year, month or day.

    Parameters
    ----------
    value : str or None
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    name : str
        The option's name, for the message.

    Returns
    -------
    str or None
        The value, stripped; None for no value.

    Raises
    ------
    ValueError
        If it has another form or names a month or day that does not exist
        (``2005-13``, ``2023-02-29``).
    """
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise ValueError(f"{name} must be a date like 2024-03-01 (or 2024-03, 2024), not {text!r}")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(
            f"{name} must be a date that exists: {text!r} is not a real date"
        ) from None
    return text


__all__ = ["DateReadError", "check_filter_date", "parse_date"]
