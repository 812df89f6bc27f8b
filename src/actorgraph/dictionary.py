"""A user's actor dictionary: names, aliases, countries and dated roles that override the model."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph import knowledge
from actorgraph.errors import DictionaryError
from actorgraph.model import ACTOR_TYPES

#: The dictionary type of a name that is no actor: its mentions and interactions go.
IGNORE = "IGNORE"


@dataclass(frozen=True)
class Role:
    """What an actor is between two dates ("USA GOV from 2021-01-26 to 2025-01-20")."""

    country: str | None = None
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary."""

    name: str
    type: str | None = None
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role_on(self, day: str | None) -> Role:
        """The role in force on a day (ISO date), or the entry's own country and sector."""
        parsed = _parse_day(day)
        for role in self.roles:
            if role.holds_on(parsed):
                return Role(role.country or self.country, role.sector or self.sector)
        return Role(self.country, self.sector)


@dataclass
class ActorDictionary:
    """Entries by every normalised name and alias, for fast lookup."""

    entries: list[Entry] = field(default_factory=list)
    _by_name: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                self._by_name.setdefault(knowledge.normalise(name), entry)

    def lookup(self, name: str) -> Entry | None:
        """The entry that has this name or alias (case and accents ignored)."""
        return self._by_name.get(knowledge.normalise(name))

    def surface_forms(self) -> list[tuple[str, Entry]]:
        """Every name and alias with its entry, longest first (for scanning text)."""
        forms = [(n, e) for e in self.entries for n in (e.name, *e.aliases)]
        return sorted(forms, key=lambda ne: -len(ne[0]))

    def __len__(self) -> int:
        return len(self.entries)


def _parse_day(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value: object, what: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DictionaryError(f"{where}: {what} must be a string")
    return value.strip() or None


def _entry(raw: object, n: int, source: str) -> Entry:
    where = f"{source}: actor {n}"
    if not isinstance(raw, dict):
        raise DictionaryError(f"{where} is not a table")
    name = _text(raw.get("name"), "name", where)
    if not name:
        raise DictionaryError(f"{where} has no name")
    kind = _text(raw.get("type"), "type", where)
    if kind is not None:
        kind = kind.upper()
        if kind not in (*ACTOR_TYPES, IGNORE):
            raise DictionaryError(
                f"{where} ({name}): type must be one of {', '.join((*ACTOR_TYPES, IGNORE))}"
            )
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise DictionaryError(f"{where} ({name}): aliases must be a list of strings")
    roles = []
    for m, role in enumerate(raw.get("role", raw.get("roles", [])) or [], start=1):
        if not isinstance(role, dict):
            raise DictionaryError(f"{where} ({name}): role {m} is not a table")
        start, end = _parse_day(role.get("from")), _parse_day(role.get("to"))
        for key in ("from", "to"):
            if role.get(key) not in (None, "") and _parse_day(role.get(key)) is None:
                raise DictionaryError(f"{where} ({name}): role {m} '{key}' is not a date")
        if start and end and end < start:
            raise DictionaryError(f"{where} ({name}): role {m} ends before it starts")
        roles.append(
            Role(
                country=_code(_text(role.get("country"), "country", where)),
                sector=_text(role.get("sector"), "sector", where),
                start=start,
                end=end,
            )
        )
    return Entry(
        name=name,
        type=kind,
        country=_code(_text(raw.get("country"), "country", where)),
        sector=_text(raw.get("sector"), "sector", where),
        aliases=tuple(a.strip() for a in aliases if a.strip()),
        roles=tuple(roles),
    )


def _code(value: str | None) -> str | None:
    """A country written as a code ("USA") or a name ("United States")."""
    if value is None:
        return None
    if len(value) <= 4 and value.isupper():
        return value
    return knowledge.country_code(value) or value


def load_dictionary(path: str | Path) -> ActorDictionary:
    """Read an actor dictionary from a TOML file.

    The file holds ``[[actor]]`` tables, each with ``name`` and optionally ``type``
    (PERSON, ORG, COUNTRY), ``country`` (ISO alpha-3 or a name), ``sector`` (GOV, MIL,
    OPP, ...), ``aliases`` (a list) and ``[[actor.role]]`` tables with ``country``,
    ``sector``, ``from`` and ``to`` dates, as PETRARCH and ICEWS dictionaries allow::

        [[actor]]
        name = "Antony Blinken"
        type = "PERSON"
        aliases = ["Tony Blinken"]
        [[actor.role]]
        country = "USA"
        sector = "GOV"
        from = 2021-01-26
        to = 2025-01-20

    Raises
    ------
    DictionaryError
        When the file is missing, is not TOML, or an entry is malformed; the message
        names the file and the entry.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DictionaryError(f"actor dictionary not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DictionaryError(f"cannot read actor dictionary {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise DictionaryError(f"{path} is not valid TOML: {error}") from None
    raw = data.get("actor", data.get("actors", []))
    if not isinstance(raw, list):
        raise DictionaryError(f"{path}: expected [[actor]] tables")
    return ActorDictionary([_entry(item, n, str(path)) for n, item in enumerate(raw, start=1)])
