"""Resolve actors: a document's mentions into actors, then the whole corpus's actors
into one actor per real actor, over the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from actorgraph import knowledge
from actorgraph.dictionary import IGNORE, ActorDictionary
from actorgraph.model import Actor, RawActor

if TYPE_CHECKING:  # extract imports this module; a runtime import would be circular
    from actorgraph.extract.actors import Mention
    from actorgraph.store import Store


def actor_id(kind: str, name: str, country: str | None) -> str:
    """A stable id across documents: the ISO code for a country, else type and name.

    Examples
    --------
    >>> actor_id("COUNTRY", "Russia", "RUS")
    'RUS'
    >>> actor_id("PERSON", "Vladimir Putin", "RUS")
    'person:vladimir putin'
    """
    if kind == "COUNTRY" and country:
        return country
    return f"{kind.lower()}:{knowledge.normalise(name)}"


def _name_words(name: str) -> list[str]:
    return knowledge.normalise(name).replace("-", " ").split()


def is_first_name_of(short: str, full: str) -> bool:
    """Whether ``short`` is one word and the first word of the longer name ``full``.

    A first name alone is never an alias: "David" names David Blunkett in one article
    and David McLetchie in the next.

    Examples
    --------
    >>> is_first_name_of("David", "David Blunkett")
    True
    >>> is_first_name_of("Blunkett", "David Blunkett")
    False
    """
    words, lw = _name_words(short), _name_words(full)
    return len(words) == 1 and len(lw) > 1 and words[0] == lw[0]


def resolve_aliases(mentions: Iterable[Mention]) -> dict[str, Actor]:
    """Group a document's mentions into actors; return them keyed by mention key.

    Within a document a person named by a part of a longer name ("Putin" after
    "Vladimir Putin", "Thomas-Greenfield") is the same person; countries merge by ISO
    code ("US", "the United States", "Washington"); organisations by canonical name.
    Every mention's ``key`` is rewritten to the key of the actor it belongs to.

    Returns
    -------
    dict
        Mention key -> Actor, one entry for every key (several keys may share an actor).
    """
    mentions = list(mentions)
    # Longest first, then by a stable key: the order must not depend on set iteration
    # (PYTHONHASHSEED), or two builds of one corpus could merge differently.
    persons = sorted(
        {m.name for m in mentions if m.type == "PERSON"},
        key=lambda n: (-len(n), knowledge.normalise(n), n),
    )
    first_at: dict[str, int] = {}
    for m in mentions:
        if m.type == "PERSON":
            first_at[m.name] = min(first_at.get(m.name, m.start), m.start)
    canonical: dict[str, str] = {}
    for name in persons:
        words = _name_words(name)
        fits = set()
        for longer in persons:
            if longer == name:
                break
            lw = _name_words(longer)
            if len(words) >= len(lw):
                continue
            if words == lw[-len(words) :] or (
                words == lw[: len(words)] and _called_by_first_name(name, longer, first_at)
            ):
                fits.add(canonical.get(longer, longer))
        if len(fits) == 1:
            canonical[name] = fits.pop()
        # A part of two people's names ("Brown" beside "Gordon Brown" and "Nick Brown")
        # stays apart: guessing would join two people's interactions.
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type == "PERSON":
            m.key = "person:" + knowledge.normalise(canonical.get(m.name, m.name))
        groups.setdefault(m.key, []).append(m)
    actors: dict[str, Actor] = {}
    for key, group in groups.items():
        first = group[0]
        if first.type == "PERSON":
            name = max((m.name for m in group), key=len)
        else:
            name = first.name
        country = next((m.country for m in group if m.country), None)
        guess = None if country else agreed_guess(m.inferred_country for m in group)
        aliases = tuple(sorted(n for n in {m.name for m in group} | {name}
                               if not is_first_name_of(n, name)))  # fmt: skip
        roles = tuple(sorted({r for m in group for r in m.roles}))
        actors[key] = Actor(
            id=actor_id(first.type, name, country if first.type == "COUNTRY" else None),
            name=name,
            type=first.type,
            country=country,
            aliases=aliases,
            sector=knowledge.sector_of(name, first.type, country, roles),
            country_source="text" if country else None,
            inferred_country=guess,
        )
    return actors


def _called_by_first_name(name: str, longer: str, first_at: dict[str, int]) -> bool:
    """Whether a document's leading part of a name ("Chaturon" of "Chaturon Chaisang")
    can stand for that person: only once the full name has been given ("Charles becomes
    king" long before "Charles Kennedy" is someone else)."""
    return first_at.get(name, 0) >= first_at.get(longer, 0)


# -- corpus-wide resolution, over the store ------------------------------------------------

#: Years between the documents of a surname and of a full name beyond which the two are
#: not taken for one person.
SURNAME_YEARS = 4

#: The order in which a name's kinds win a tie of mentions.
_KIND_ORDER = {"PERSON": 0, "ORG": 1, "COUNTRY": 2}


@dataclass(frozen=True)
class Resolution:
    """What corpus-wide resolution decided.

    ``actors`` are the resolved actors; ``mapping`` maps every raw actor id to its
    resolved id (None: ignored by the dictionary); ``how`` says why ("name": the same
    name under another recogniser label, "surname": a surname or partial name joined the
    one full name it fits, "dictionary"); ``ambiguous`` lists the short names that fit
    several full names, with those names, and stay apart.
    """

    actors: list[Actor]
    mapping: dict[str, str | None]
    how: dict[str, str]
    ambiguous: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    #: Interactions the store dropped on applying it, by reason (see resolve_store).
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def merged(self) -> int:
        """Raw actors joined to another one."""
        return sum(1 for raw, target in self.mapping.items() if target and target != raw)

    @property
    def ignored(self) -> int:
        return sum(1 for target in self.mapping.values() if target is None)


def _years_apart(a: RawActor | _Group, b: RawActor | _Group) -> float:
    """Years between the documents of two actors (0 when they overlap or one is undated)."""
    if not (a.first_date and a.last_date and b.first_date and b.last_date):
        return 0.0
    try:
        a0, a1 = dt.date.fromisoformat(a.first_date[:10]), dt.date.fromisoformat(a.last_date[:10])
        b0, b1 = dt.date.fromisoformat(b.first_date[:10]), dt.date.fromisoformat(b.last_date[:10])
    except ValueError:
        return 0.0
    gap = max((b0 - a1).days, (a0 - b1).days, 0)
    return gap / 365.25


@dataclass
class _Group:
    """Raw actors of one name, whatever label the recogniser gave each."""

    members: list[RawActor]
    id: str = ""
    name: str = ""
    type: str = ""
    first_date: str | None = None
    last_date: str | None = None

    def __post_init__(self) -> None:
        by_kind: dict[str, int] = {}
        for m in self.members:
            by_kind[m.type] = by_kind.get(m.type, 0) + max(m.mentions, 1)
        self.type = min(by_kind, key=lambda k: (-by_kind[k], _KIND_ORDER.get(k, 9), k))
        best = min(self.members, key=lambda m: (-m.mentions, -len(m.name), m.name))
        self.name = best.name
        self.id = actor_id(self.type, self.name, None)
        dates = [d for m in self.members for d in (m.first_date, m.last_date) if d]
        self.first_date = min(dates) if dates else None
        self.last_date = max(dates) if dates else None

    @property
    def country(self) -> str | None:
        return _majority_country(self.members)


def _majority(values: Iterable[str | None]) -> str | None:
    """The most frequent value that is not None (ties: the first in sort order)."""
    votes: dict[str, int] = {}
    for v in values:
        if v:
            votes[v] = votes.get(v, 0) + 1
    return min(votes, key=lambda v: (-votes[v], v)) if votes else None


def _majority_country(members: Iterable[RawActor]) -> str | None:
    votes: dict[str, int] = {}
    for m in members:
        if m.country:
            votes[m.country] = votes.get(m.country, 0) + max(m.mentions, 1)
    if not votes:
        return None
    return min(votes, key=lambda c: (-votes[c], c))


def agreed_guess(guesses: Iterable[str | None]) -> str | None:
    """What several guesses at one actor's country come to: the country when all that
    guess agree, "-" (a doubt) when they disagree or one doubts, None when none guesses."""
    found = {g for g in guesses if g}
    if not found:
        return None
    return found.pop() if len(found) == 1 else "-"


def _inferred_country(members: Iterable[RawActor]) -> str | None:
    """The country every document that guesses one guesses for these raw actors (see
    :func:`actorgraph.extract.actors.infer_home_countries`); None when they disagree,
    one doubts, or none guesses."""
    guess = agreed_guess(m.inferred_country for m in members)
    return guess if guess != "-" else None


def plausible_full_name(name: str) -> bool:
    """Whether a person's name looks enough like a first name and a surname to place
    the person by context: two or more capitalised words, none of them a country, a
    demonym, a known organisation or a title. A name of one word may be a place or a
    thing the recogniser took for a person ("Gatwick", "Gloucestershire"); "Lib Dem
    Treasury" is a party's office.

    Examples
    --------
    >>> plausible_full_name("Alun Michael"), plausible_full_name("Gatwick")
    (True, False)
    >>> plausible_full_name("Lib Dem Treasury"), plausible_full_name("Welshman Ray Reardon")
    (False, False)
    """
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() and any(c.isalpha() for c in w) for w in words):
        return False
    titles = knowledge.name_prefixes()
    for width in (1, 2, 3):
        for i in range(len(words) - width + 1):
            part = " ".join(words[i : i + width])
            if (
                knowledge.country_code(part)
                or knowledge.demonym_country(part)
                or knowledge.organisation(part)
                or (width == 1 and part.lower().rstrip(".") in titles)
            ):
                return False
    return True


#: Whether resolution takes a person's country from what their documents are about,
#: where no text places them (``actorgraph build --infer-countries``).
INFER_COUNTRIES = True


def resolve_corpus(
    raw: Iterable[RawActor],
    dictionary: ActorDictionary | None = None,
    *,
    infer_countries: bool = INFER_COUNTRIES,
) -> Resolution:
    """Resolve the actors of a whole corpus, as extraction found them, into one actor
    per real actor.

    * A dictionary entry wins: every raw actor named by its name or an alias becomes
      that entry's actor (``IGNORE`` entries drop the actor and its interactions).
    * A country with an ISO code is that country.
    * Otherwise raw actors of one name are one actor whatever the recogniser labelled
      them (the label with most mentions gives the type).
    * A person named by a surname or the last words of a name ("Reagan") joins the one
      full name it fits ("Ronald Reagan") when their countries do not disagree and their
      documents are at most :data:`SURNAME_YEARS` apart; fitting several, it stays apart
      and is listed in ``ambiguous``. A first name alone joins nobody.
    * The resolved actor's country is the one most of its mentions give
      (``country_source`` "text"); with ``infer_countries``, a person no text places
      gets the country that every document guessing one guesses (the country of the
      government a document is about, where the person's sentence names no other),
      marked ``country_source`` "inferred".

    Parameters
    ----------
    raw : iterable of RawActor
        The store's raw actors (:meth:`actorgraph.store.Store.raw_actors`).
    dictionary : ActorDictionary, optional
        A user's actor dictionary (with corrections from ``actorgraph merge``, ``rename``
        and ``ignore``).
    infer_countries : bool, default :data:`INFER_COUNTRIES`
        Place people the text does not place by what their documents are about.

    Returns
    -------
    Resolution
    """
    raw = sorted(raw, key=lambda r: r.id)
    mapping: dict[str, str | None] = {}
    how: dict[str, str] = {}
    members: dict[str, list[RawActor]] = {}  # resolved id -> raw actors
    fixed: dict[str, Actor] = {}  # resolved id -> actor the dictionary or a code fixes
    rest: list[RawActor] = []
    for r in raw:
        entry = None
        if dictionary is not None:
            entry = dictionary.lookup(r.name)
        if entry is not None:
            if entry.type == IGNORE:
                mapping[r.id] = None
                how[r.id] = "dictionary"
                continue
            kind = entry.type or r.type or "ORG"
            country = entry.country or (r.country if kind != "COUNTRY" else None)
            aid = actor_id(kind, entry.name, country)
            fixed.setdefault(aid, Actor(aid, entry.name, kind, country, entry.aliases,
                                        entry.sector))  # fmt: skip
            mapping[r.id] = aid
            how[r.id] = "dictionary"
            members.setdefault(aid, []).append(r)
        elif r.type == "COUNTRY" and r.country and r.id == r.country:
            mapping[r.id] = r.id
            how[r.id] = "code"
            fixed.setdefault(r.id, Actor(r.id, knowledge.country_name(r.id) or r.name,
                                         "COUNTRY", r.id))  # fmt: skip
            members.setdefault(r.id, []).append(r)
        else:
            rest.append(r)
    by_name: dict[str, list[RawActor]] = {}
    for r in rest:
        # "Kilroy-Silk" and "Kilroy Silk" are one name
        by_name.setdefault(" ".join(_name_words(r.name)), []).append(r)
    groups = [_Group(ms) for _, ms in sorted(by_name.items())]
    persons = [g for g in groups if g.type == "PERSON"]
    # Full names by their words, for the surname join.
    full_names = [(g, _name_words(g.name)) for g in persons if len(_name_words(g.name)) > 1]
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    shared: dict[str, str] = {}  # resolved id of an ambiguous short name -> its country
    joined: dict[int, _Group] = {}
    # Longer partial names first, so that "Hashemi Rafsanjani" has joined "Ali Akbar
    # Hashemi Rafsanjani" before "Rafsanjani" looks for the names it fits.
    for g in sorted(persons, key=lambda g: (-len(_name_words(g.name)), g.id)):
        words = _name_words(g.name)
        fits = [
            h
            for h, hw in full_names
            if h is not g
            and len(words) < len(hw)
            and hw[-len(words) :] == words
            and not (g.country and h.country and g.country != h.country)
            and _years_apart(g, h) <= SURNAME_YEARS
        ]
        # A full name that is itself a part of a longer one counts as that one.
        targets = {id(joined.get(id(h), h)): joined.get(id(h), h) for h in fits}
        if len(targets) == 1:
            joined[id(g)] = next(iter(targets.values()))
        elif len(targets) > 1:
            ambiguous.append((g.name, tuple(sorted(t.name for t in targets.values()))))
            # "Mr Blair" beside Tony and Cherie Blair stays apart, but is of their
            # country when they share one
            countries = {t.country for t in targets.values()}
            if len(countries) == 1 and not g.country and None not in countries:
                shared[g.id] = countries.pop()  # type: ignore[assignment]
    for g in groups:
        target = g
        while id(target) in joined:
            target = joined[id(target)]
        for m in g.members:
            mapping[m.id] = target.id
            if target is not g:
                how[m.id] = "surname"
            elif m.id != target.id:
                how[m.id] = "name"
            else:
                how[m.id] = "self"
            members.setdefault(target.id, []).append(m)
    kinds = {g.id: g for g in groups}
    actors: list[Actor] = []
    for aid in sorted(members):
        group = members[aid]
        base = fixed.get(aid)
        if base is None:
            g = kinds[aid]
            base = Actor(aid, g.name, g.type, None)
        country = base.country or _majority_country(group) or shared.get(aid)
        source = "text" if country else None
        if (
            country is None
            and infer_countries
            and base.type == "PERSON"
            and plausible_full_name(base.name)
        ):
            country = _inferred_country(group)
            source = "inferred" if country else None
        names = {base.name, *base.aliases}
        for m in group:
            names.add(m.name)
            names.update(m.aliases)
        aliases = tuple(sorted(n for n in names if not is_first_name_of(n, base.name)))
        sector = base.sector or _majority(m.sector for m in group)
        actors.append(Actor(aid, base.name, base.type, country, aliases, sector,
                            country_source=source))  # fmt: skip
    return Resolution(actors, mapping, how, sorted(ambiguous))


def resolve_store(
    store: Store, dictionary: ActorDictionary | None = None, infer_countries: bool | None = None
) -> Resolution:
    """Resolve the actors of everything in a store, without parsing anything again.

    Reads what extraction found (the raw tables), decides with :func:`resolve_corpus`,
    and rewrites the store's actors, aliases, mentions and interaction ends. Running
    it again with the same raw actors and dictionary gives the same store.

    Parameters
    ----------
    store : Store
        An open, writable store.
    dictionary : ActorDictionary, optional
        Applied before anything else (see :func:`resolve_corpus`).
    infer_countries : bool, optional
        Whether to infer people's countries (see :func:`resolve_corpus`); given, it is
        kept in the store, and later resolutions (corrections) do as it says; not
        given, as the store last said (default :data:`INFER_COUNTRIES`).

    Returns
    -------
    Resolution
        With ``dropped``: interactions dropped (an ignored actor, or two names of one
        actor that the text linked), by reason.
    """
    said = store.conn.execute("SELECT value FROM meta WHERE key = 'infer_countries'").fetchone()
    if infer_countries is None:
        infer_countries = INFER_COUNTRIES if said is None else said[0] == "1"
    else:
        store.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('infer_countries', ?)",
            ("1" if infer_countries else "0",),
        )
    resolution = resolve_corpus(store.raw_actors(), dictionary, infer_countries=infer_countries)
    dropped = store.apply_resolution(resolution.actors, resolution.mapping, resolution.how)
    return replace(resolution, dropped=dropped)
