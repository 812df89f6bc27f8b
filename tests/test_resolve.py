"""Resolving a document's mentions into actors, with mentions built by hand."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actorgraph.extract.actors import Mention
from actorgraph.resolve import actor_id, resolve_aliases


def person(start: int, name: str, country: str | None = None) -> Mention:
    return Mention(start, start + len(name.split()), name, "PERSON", country,
                   key="person:" + name.lower())  # fmt: skip


def country(start: int, name: str, code: str) -> Mention:
    return Mention(start, start + 1, name, "COUNTRY", code, key=code)


def org(start: int, name: str, code: str | None = None) -> Mention:
    return Mention(start, start + 1, name, "ORG", code, key="org:" + name.lower())


@pytest.mark.parametrize(
    ("kind", "name", "code", "expected"),
    [
        ("COUNTRY", "Russia", "RUS", "RUS"),
        ("COUNTRY", "the United States", "USA", "USA"),
        ("COUNTRY", "Kharkiv", None, "country:kharkiv"),
        ("PERSON", "Vladimir Putin", "RUS", "person:vladimir putin"),
        ("PERSON", "Recep Tayyip Erdoğan", "TUR", "person:recep tayyip erdogan"),
        ("PERSON", "Emmanuel  MACRON", None, "person:emmanuel macron"),
        ("ORG", "NATO", None, "org:nato"),
        ("ORG", "The Kremlin", "RUS", "org:kremlin"),
    ],
)
def test_actor_id(kind: str, name: str, code: str | None, expected: str) -> None:
    assert actor_id(kind, name, code) == expected


def test_person_country_does_not_change_the_id() -> None:
    assert actor_id("PERSON", "Olena Petrenko", "UKR") == actor_id("PERSON", "Olena Petrenko", None)


def test_surname_merges_into_full_name() -> None:
    full, short = person(0, "Vladimir Putin", "RUS"), person(10, "Putin")
    actors = resolve_aliases([full, short])
    assert actors[full.key] == actors[short.key]
    actor = actors[short.key]
    assert actor.id == "person:vladimir putin"
    assert actor.name == "Vladimir Putin"
    assert actor.country == "RUS"
    assert set(actor.aliases) == {"Vladimir Putin", "Putin"}
    assert short.key == full.key == "person:vladimir putin"  # keys rewritten


def test_surname_before_full_name_also_merges() -> None:
    short, full = person(0, "Scholz"), person(5, "Olaf Scholz", "DEU")
    actors = resolve_aliases([short, full])
    assert actors[short.key].id == "person:olaf scholz"
    assert actors[short.key].country == "DEU"


def test_a_first_name_is_the_person_only_after_the_full_name_and_not_beside_the_surname() -> None:
    full, later = person(0, "Chaturon Chaisang", "THA"), person(9, "Chaturon")
    actors = resolve_aliases([full, later])
    assert actors[later.key].id == "person:chaturon chaisang"
    # "Charles becomes king" long before "Charles Kennedy" is someone else
    early, full, surname = person(0, "Charles"), person(9, "Charles Kennedy"), person(20, "Kennedy")
    actors = resolve_aliases([early, full, surname])
    assert actors[early.key].id == "person:charles"
    assert actors[surname.key].id == "person:charles kennedy"


def test_hyphenated_surname_merges() -> None:
    full, short = person(0, "Linda Thomas-Greenfield"), person(8, "Thomas-Greenfield")
    actors = resolve_aliases([full, short])
    assert actors[short.key].id == "person:linda thomas-greenfield"


def test_different_people_do_not_merge() -> None:
    a, b = person(0, "Joe Biden"), person(5, "Kamala Harris")
    c = person(9, "Kim")  # a word of no name above, and not a prefix of a word
    d = person(12, "Kimberly Jones")
    actors = resolve_aliases([a, b, c, d])
    ids = {actors[m.key].id for m in (a, b, c, d)}
    assert ids == {"person:joe biden", "person:kamala harris", "person:kim",
                   "person:kimberly jones"}  # fmt: skip


def test_countries_merge_by_code() -> None:
    mentions = [country(0, "United States", "USA"), country(4, "US", "USA"),
                country(9, "China", "CHN")]  # fmt: skip
    actors = resolve_aliases(mentions)
    assert set(actors) == {"USA", "CHN"}
    usa = actors["USA"]
    assert (usa.id, usa.name, usa.type, usa.country) == ("USA", "United States", "COUNTRY", "USA")
    assert set(usa.aliases) == {"United States", "US"}
    assert actors["CHN"].aliases == ("China",)


def test_organisations_merge_by_key_and_keep_country() -> None:
    a = org(0, "Kremlin", "RUS")
    b = org(6, "Kremlin")
    nato = org(9, "NATO")
    actors = resolve_aliases([a, b, nato])
    assert actors["org:kremlin"].id == "org:kremlin"
    assert actors["org:kremlin"].type == "ORG"
    assert actors["org:kremlin"].country == "RUS"
    assert actors["org:nato"].country is None
    assert len({actors[k].id for k in actors}) == 2


def test_aliases_are_collected_and_sorted() -> None:
    mentions = [person(0, "Putin"), person(3, "Vladimir Putin"), person(9, "Putin")]
    actor = resolve_aliases(mentions)["person:vladimir putin"]
    assert actor.aliases == ("Putin", "Vladimir Putin")


def test_every_mention_key_has_an_actor() -> None:
    mentions = [person(0, "Putin"), person(3, "Vladimir Putin"), country(8, "Russia", "RUS"),
                org(10, "NATO")]  # fmt: skip
    actors = resolve_aliases(mentions)
    assert all(m.key in actors for m in mentions)


def test_resolve_imports_on_its_own() -> None:
    code = "import actorgraph.resolve"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]


def test_a_part_of_two_names_stays_apart() -> None:
    a, b, short = person(0, "Gordon Brown"), person(4, "Nick Brown"), person(9, "Brown")
    actors = resolve_aliases([a, b, short])
    assert actors[short.key].id == "person:brown"
    assert actors[a.key].id != actors[b.key].id


def test_a_first_name_is_never_an_alias() -> None:
    full, first = person(0, "David Blunkett"), person(5, "David")
    actors = resolve_aliases([full, first])
    assert actors[first.key].id == "person:david blunkett"  # the same person in this text
    assert actors[first.key].aliases == ("David Blunkett",)


def test_merging_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "from actorgraph.extract.actors import Mention\n"
        "from actorgraph.resolve import resolve_aliases\n"
        "names = ['Ann Lee Cole', 'Bob Lee Cole', 'Lee Cole', 'Cole', 'Ann Lee']\n"
        "ms = [Mention(i, i + 1, n, 'PERSON', key='person:' + n.lower())"
        " for i, n in enumerate(names)]\n"
        "a = resolve_aliases(ms)\n"
        "print(sorted((k, v.id) for k, v in a.items()))\n"
    )
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed})  # fmt: skip
        assert done.returncode == 0, done.stderr[-500:]
        outputs.add(done.stdout)
    assert len(outputs) == 1
