"""The correction loop: merge, rename and ignore actors in a built store, through a
dictionary file that every later build applies, without parsing anything again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from actorgraph import knowledge
from actorgraph.dictionary import IGNORE, ActorDictionary, Entry, load_dictionary
from actorgraph.errors import ActorNotFoundError, DictionaryError
from actorgraph.model import Actor
from actorgraph.resolve import Resolution, resolve_store
from actorgraph.store import Store

__all__ = [
    "CORRECTIONS_NAME",
    "built_with",
    "corrections_path",
    "store_dictionary",
    "dictionary_entries",
    "find_actor",
    "ignore_actor",
    "merge_actors",
    "rename_actor",
    "write_dictionary",
]


#: The corrections file beside a store: ``actorgraph merge``, ``rename`` and ``ignore``
#: write to it, and every build applies it.
CORRECTIONS_NAME = "corrections.toml"


def corrections_path(store_path: str | Path) -> Path:
    """The corrections file of a store: ``corrections.toml`` beside it."""
    p = Path(store_path)
    return (p if p.is_dir() else p.parent) / CORRECTIONS_NAME


def store_dictionary(
    store_path: str | Path, actors: str | Path | None = None
) -> ActorDictionary | None:
    """The dictionary resolution applies to a store: its corrections file (which wins),
    then the user's ``--actors`` dictionary; None when there is neither."""
    entries = []
    corrections = corrections_path(store_path)
    if corrections.exists():
        entries += load_dictionary(corrections).entries
    if actors is not None:
        entries += load_dictionary(actors).entries
    return ActorDictionary(entries) if entries else None


def find_actor(store: Store, name: str) -> Actor:
    """The one actor of a store with this id, name or alias (case and accents ignored).

    Raises
    ------
    ActorNotFoundError
        When no actor, or several, have it (the message lists them).
    """
    actors = store.actors()
    for a in actors:
        if a.id == name:
            return a
    key = knowledge.normalise(name)
    named = [a for a in actors if knowledge.normalise(a.name) == key]
    if not named:
        named = [a for a in actors if key in {knowledge.normalise(x) for x in a.aliases}]
    if len(named) == 1:
        return named[0]
    if not named:
        raise ActorNotFoundError(f"no actor named {name!r} in {store.path}")
    listed = ", ".join(f"{a.name} [{a.id}]" for a in named[:5])
    raise ActorNotFoundError(f"{name!r} names {len(named)} actors ({listed}): give an id")


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def write_dictionary(entries: list[Entry], path: str | Path) -> Path:
    """Write dictionary entries as ``[[actor]]`` tables that :func:`load_dictionary` reads.

    Roles are not written (the entries written here carry none).
    """
    lines = ["# actorgraph actor dictionary: [[actor]] tables (see `actorgraph build --actors`)"]
    for e in entries:
        lines += ["", "[[actor]]", f"name = {_toml_string(e.name)}"]
        if e.type:
            lines.append(f"type = {_toml_string(e.type)}")
        if e.country:
            lines.append(f"country = {_toml_string(e.country)}")
        if e.sector:
            lines.append(f"sector = {_toml_string(e.sector)}")
        if e.aliases:
            lines.append(f"aliases = [{', '.join(_toml_string(a) for a in e.aliases)}]")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _stated(actor: Actor) -> str | None:
    """An actor's country as a dictionary may keep it: not an inferred one, which would
    become the user's statement there (resolution infers it again)."""
    return actor.country if actor.country_source != "inferred" else None


def dictionary_entries(store: Store) -> list[Entry]:
    """Every actor of a store as a dictionary entry, to start a dictionary from."""
    return [
        Entry(
            a.name, a.type or None, _stated(a), a.sector, tuple(x for x in a.aliases if x != a.name)
        )  # fmt: skip
        for a in sorted(store.actors(), key=lambda a: (a.name.lower(), a.id))
    ]


def _load(path: Path) -> list[Entry]:
    return list(load_dictionary(path).entries) if path.exists() else []


def _names(actor: Actor) -> set[str]:
    return {actor.name, *actor.aliases}


def _without(entries: list[Entry], names: set[str]) -> list[Entry]:
    """The entries with these names taken out of their aliases (a name belongs to one
    entry); an entry whose own name is taken goes."""
    keys = {knowledge.normalise(n) for n in names}
    out = []
    for e in entries:
        if knowledge.normalise(e.name) in keys:
            continue
        out.append(replace(e, aliases=tuple(a for a in e.aliases
                                            if knowledge.normalise(a) not in keys)))  # fmt: skip
    return out


def _apply(store_path: Path, dictionary_path: Path, entries: list[Entry]) -> Resolution:
    write_dictionary(entries, dictionary_path)
    with Store(store_path, create=False, lock=True) as store:
        return resolve_store(store, store_dictionary(store.path, built_with(store)))


def built_with(store: Store) -> Path | None:
    """The ``--actors`` dictionary the store was last built with, if it still exists."""
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'actors_dictionary'").fetchone()
    if row is None or not row[0] or not Path(row[0]).exists():
        return None
    return Path(row[0])


def _target(store_path: Path, dictionary: Path | None) -> tuple[Path, Store]:
    store = Store(store_path, create=False)
    return (dictionary or corrections_path(store.path)), store


def merge_actors(
    store_path: str | Path, name: str, into: str, dictionary: str | Path | None = None
) -> tuple[Actor, Actor, Resolution]:
    """Make actor ``name`` part of actor ``into``, in the dictionary and the store.

    Returns
    -------
    (Actor, Actor, Resolution)
        The two actors as they were, and the new resolution of the store.
    """
    path, store = _target(Path(store_path), Path(dictionary) if dictionary else None)
    with store:
        a, b = find_actor(store, name), find_actor(store, into)
    if a.id == b.id:
        raise DictionaryError(f"{name!r} and {into!r} are already one actor ({a.id})")
    entries = _load(path)
    old = next((e for e in entries if knowledge.normalise(e.name) == knowledge.normalise(b.name)),
               None)  # fmt: skip
    entries = _without(entries, _names(a) | {b.name})
    aliases = sorted((_names(a) | _names(b) | set(old.aliases if old else ())) - {b.name})
    entries.append(Entry(b.name, b.type or None, _stated(b), b.sector, tuple(aliases)))
    return a, b, _apply(Path(store_path), path, entries)


def rename_actor(
    store_path: str | Path, name: str, new_name: str, dictionary: str | Path | None = None
) -> tuple[Actor, Resolution]:
    """Give actor ``name`` the name ``new_name`` (its old names stay its aliases)."""
    if not new_name.strip():
        raise DictionaryError("the new name is empty")
    path, store = _target(Path(store_path), Path(dictionary) if dictionary else None)
    with store:
        a = find_actor(store, name)
    entries = _without(_load(path), _names(a) | {new_name})
    aliases = sorted(_names(a) - {new_name})
    entries.append(Entry(new_name.strip(), a.type or None, _stated(a), a.sector, tuple(aliases)))
    return a, _apply(Path(store_path), path, entries)


def ignore_actor(
    store_path: str | Path, name: str, dictionary: str | Path | None = None
) -> tuple[Actor, Resolution]:
    """Drop actor ``name``: it is no actor (its interactions are set aside)."""
    path, store = _target(Path(store_path), Path(dictionary) if dictionary else None)
    with store:
        a = find_actor(store, name)
    entries = _without(_load(path), _names(a))
    entries.append(Entry(a.name, IGNORE, aliases=tuple(sorted(_names(a) - {a.name}))))
    return a, _apply(Path(store_path), path, entries)
