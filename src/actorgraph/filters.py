"""Which interactions a graph keeps: one validated value, read by the store and the graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from actorgraph.errors import FilterError
from actorgraph.model import EVENT_TYPES, PROVENANCES, QUAD_CLASS, QUADS, STATUSES, WEIGHTS

#: The values a set filter takes: a comma-separated string, or any iterable of strings.
Values = str | Iterable[str] | None


def _day(value: str | None, name: str) -> str | None:
    """A date bound as given (YYYY-MM-DD, YYYY-MM or YYYY), checked to exist."""
    from actorgraph.dates import check_filter_date

    try:  # a month or day that does not exist (2005-13) is an error, not an empty graph
        return check_filter_date(value, name)
    except ValueError as exc:
        raise FilterError(str(exc)) from None


def _set(
    values: Values, name: str, valid: Iterable[str] | None, *, upper: bool
) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    out = frozenset(
        v.strip().upper() if upper else v.strip().lower() for v in values if v and v.strip()
    )
    if not out:
        return None
    if valid is not None:
        unknown = sorted(out - set(valid))
        if unknown:
            raise FilterError(
                f"unknown {name} {', '.join(unknown)}: choose from {', '.join(valid)}"
            )
    return out


def _countries(values: Values) -> frozenset[str] | None:
    from actorgraph.knowledge import is_valid_country_code

    codes = _set(values, "country", None, upper=True)
    unknown = sorted(c for c in codes or () if not is_valid_country_code(c))
    if unknown:
        raise FilterError(
            f"unknown country code {', '.join(unknown)}: give ISO 3166 alpha-3 codes "
            "such as RUS, UKR, USA"
        )
    return codes


@dataclass(frozen=True)
class GraphFilter:
    """The interactions to keep, validated once; the CLI builds it, the library takes it.

    Set filters accept a comma-separated string or an iterable and hold a frozenset;
    dates are kept as given. An empty filter (``GraphFilter()``) keeps everything.

    Parameters
    ----------
    since, until : str, optional
        Inclusive bounds on the interaction's date: ``YYYY-MM-DD``, or a month
        ``YYYY-MM`` or year ``YYYY`` meaning all of it. With either bound, undated
        interactions are left out.
    types : str or iterable of str, optional
        PLOVER event types to keep.
    quads : str or iterable of str, optional
        Quad classes to keep: verbal-coop, material-coop, verbal-conf, material-conf,
        neutral.
    statuses : str or iterable of str, optional
        occurred, planned, negated.
    countries : str or iterable of str, optional
        Keep interactions with an actor of one of these countries (ISO alpha-3) on
        either side.
    min_confidence : float, optional
        Keep interactions whose ``confidence`` is at least this (0 to 1).
    provenance : str or iterable of str, optional
        Keep interactions of documents of these provenances: ``extracted`` (news
        parsed by actorgraph), ``gdelt``, ``icews``, ``polecat`` (imported records).
    min_weight : int, optional
        Then drop every pair of actors with fewer than ``min_weight`` interactions
        between them (in either direction, in the unit ``weight`` names).
    weight : {"events", "mentions"}
        The unit of ``min_weight`` (and of the analyses that take the filter's weight).

    Raises
    ------
    FilterError
        For a date that does not exist, an unknown type, quad class, status, country
        code, provenance or weight, or a bound out of range; the message says what is expected.

    Examples
    --------
    >>> f = GraphFilter(since="2024-03", types="accuse, consult")
    >>> sorted(f.types), f.active
    (['ACCUSE', 'CONSULT'], True)
    >>> try:
    ...     GraphFilter(since="2024-02-30")
    ... except FilterError as error:
    ...     print(error)
    since must be a date that exists: '2024-02-30' is not a real date
    """

    since: str | None = None
    until: str | None = None
    types: frozenset[str] | None = None
    quads: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    min_confidence: float | None = None
    provenance: frozenset[str] | None = None
    min_weight: int | None = None
    weight: str = "events"

    def __post_init__(self) -> None:
        fix = object.__setattr__  # frozen: normalise once, here
        fix(self, "since", _day(self.since, "since"))
        fix(self, "until", _day(self.until, "until"))
        fix(self, "types", _set(self.types, "event type", EVENT_TYPES, upper=True))
        fix(self, "quads", _set(self.quads, "quad class", QUADS, upper=False))
        fix(self, "statuses", _set(self.statuses, "status", STATUSES, upper=False))
        fix(self, "countries", _countries(self.countries))
        fix(self, "provenance", _set(self.provenance, "provenance", PROVENANCES, upper=False))
        if self.weight not in WEIGHTS:
            raise FilterError(f"weight must be one of {', '.join(WEIGHTS)}, not {self.weight!r}")
        if self.min_weight is not None:
            if isinstance(self.min_weight, bool) or int(self.min_weight) != self.min_weight:
                raise FilterError(f"min_weight must be a whole number, not {self.min_weight!r}")
            if self.min_weight < 0:
                raise FilterError("min_weight must be 0 or more")
            fix(self, "min_weight", int(self.min_weight) or None)  # 0 keeps every pair
        if self.min_confidence is not None:
            try:
                value = float(self.min_confidence)
            except (TypeError, ValueError):
                value = float("nan")
            if not 0.0 <= value <= 1.0:
                raise FilterError(
                    f"min_confidence must be between 0 and 1, not {self.min_confidence!r}"
                )
            fix(self, "min_confidence", value)

    @classmethod
    def of(
        cls, value: GraphFilter | Mapping[str, Any] | None = None, **filters: Any
    ) -> GraphFilter:
        """A filter from another one, a mapping of its fields, or keywords.

        Keywords with the value None are left out; so ``GraphFilter.of(since=None)``
        is the empty filter.
        """
        if isinstance(value, GraphFilter) and not filters:
            return value
        given = dict(value.__dict__ if isinstance(value, GraphFilter) else value or {})
        given.update({k: v for k, v in filters.items() if v is not None})
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - names)
        if unknown:
            raise TypeError(f"unknown filter {', '.join(unknown)}: use {', '.join(sorted(names))}")
        return cls(**given)

    @property
    def per_interaction(self) -> bool:
        """Whether any filter looks at single interactions (all but ``min_weight``)."""
        return any(
            x is not None
            for x in (
                self.since,
                self.until,
                self.types,
                self.quads,
                self.statuses,
                self.countries,
                self.min_confidence,
                self.provenance,
            )
        )

    @property
    def active(self) -> bool:
        """Whether the filter leaves anything out (``weight`` alone filters nothing)."""
        return self.per_interaction or bool(self.min_weight)

    def quad_types(self) -> tuple[frozenset[str], bool] | None:
        """The event types of the quad classes kept, and whether unknown types (neutral) are."""
        if self.quads is None:
            return None
        known = frozenset(t for t, q in QUAD_CLASS.items() if q in self.quads)
        return known, "neutral" in self.quads

    def keeps(self, data: Mapping[str, Any], source_country: str, target_country: str) -> bool:
        """Whether one interaction (multigraph edge attributes) passes the filters of one.

        An interaction without a ``confidence`` passes ``min_confidence``; one without
        a ``provenance`` (a multigraph built without documents) is news, ``extracted``.
        """
        if self.since or self.until:
            day = str(data.get("date") or "")
            if not day:
                return False
            if self.since and day[: len(self.since)] < self.since:
                return False
            if self.until and day[: len(self.until)] > self.until:
                return False
        kind = str(data.get("type", ""))
        if self.types is not None and kind.upper() not in self.types:
            return False
        quad = data.get("quad") or QUAD_CLASS.get(kind, "neutral")
        if self.quads is not None and quad not in self.quads:
            return False
        if self.statuses is not None and str(data.get("status", "")) not in self.statuses:
            return False
        if self.countries is not None:
            if (
                source_country.upper() not in self.countries
                and target_country.upper() not in self.countries
            ):
                return False
        if self.min_confidence is not None and data.get("confidence") is not None:
            if float(data["confidence"]) < self.min_confidence:
                return False
        if self.provenance is not None:
            if str(data.get("provenance") or "extracted") not in self.provenance:
                return False
        return True


__all__ = ["GraphFilter"]
