"""Merge the mentions of one document into actors with stable ids and countries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from actorgraph import knowledge
from actorgraph.model import Actor

if TYPE_CHECKING:  # extract imports this module; a runtime import would be circular
    from actorgraph.extract.actors import Mention


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
    canonical: dict[str, str] = {}
    for name in persons:
        words = _name_words(name)
        fits = set()
        for longer in persons:
            if longer == name:
                break
            lw = _name_words(longer)
            if len(words) < len(lw) and (words == lw[-len(words) :] or words == lw[: len(words)]):
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
        aliases = tuple(sorted(n for n in {m.name for m in group} | {name}
                               if not is_first_name_of(n, name)))  # fmt: skip
        actors[key] = Actor(
            id=actor_id(first.type, name, country if first.type == "COUNTRY" else None),
            name=name,
            type=first.type,
            country=country,
            aliases=aliases,
        )
    return actors
