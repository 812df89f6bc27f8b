"""The user actor dictionary: loading, date-bounded roles, and how it overrides the model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actorgraph.dictionary import load_dictionary
from actorgraph.errors import DictionaryError
from actorgraph.extract import extract_doc
from actorgraph.model import Document

DICTIONARY = """
[[actor]]
name = "Antony Blinken"
type = "PERSON"
aliases = ["Tony Blinken", "Blinken"]
[[actor.role]]
country = "USA"
sector = "GOV"
from = 2021-01-26
to = 2025-01-20

[[actor]]
name = "Northern Grain Cooperative"
type = "ORG"
country = "Canada"
sector = "BUS"
aliases = ["the cooperative", "NGC"]
"""


@pytest.fixture()
def dictionary_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.toml"
    path.write_text(DICTIONARY, encoding="utf-8")
    return path


def test_loads_entries_aliases_and_countries(dictionary_file: Path) -> None:
    d = load_dictionary(dictionary_file)
    assert len(d) == 2
    assert d.lookup("tony blinken").name == "Antony Blinken"
    assert d.lookup("NGC").country == "CAN"  # a country name becomes its code
    assert d.lookup("nobody") is None


def test_roles_hold_between_their_dates(dictionary_file: Path) -> None:
    blinken = load_dictionary(dictionary_file).lookup("Blinken")
    assert blinken.role_on("2022-02-01").country == "USA"
    assert blinken.role_on("2022-02-01").sector == "GOV"
    assert blinken.role_on("2026-01-01").country is None
    assert blinken.roles[0].start == dt.date(2021, 1, 26)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[actor]]\ntype = 'PERSON'\n", "has no name"),
        ("[[actor]]\nname = 'X'\ntype = 'ROBOT'\n", "type must be one of"),
        ("[[actor]]\nname = 'X'\naliases = 'Y'\n", "aliases must be a list"),
        ("[[actor]]\nname = 'X'\n[[actor.role]]\nfrom = 'soon'\n", "is not a date"),
        (
            "[[actor]]\nname = 'X'\n[[actor.role]]\nfrom = 2020-01-02\nto = 2020-01-01\n",
            "ends before it starts",
        ),
        ("this is = not [ toml", "is not valid TOML"),
    ],
)
def test_malformed_dictionaries_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message):
        load_dictionary(path)


def test_missing_dictionary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="not found"):
        load_dictionary(tmp_path / "nope.toml")


def test_dictionary_overrides_the_model(nlp, dictionary_file: Path) -> None:
    text = "Blinken accused the cooperative of hoarding wheat on Monday."
    document = Document("d", text, "2022-02-01")
    result = extract_doc(document, nlp(text), load_dictionary(dictionary_file))
    pairs = {(i.source, i.target, i.type) for i in result.interactions}
    assert ("Antony Blinken", "Northern Grain Cooperative", "ACCUSE") in pairs
    it = next(i for i in result.interactions if i.type == "ACCUSE")
    assert (it.source_country, it.target_country) == ("USA", "CAN")


def test_role_country_follows_the_document_date(nlp, dictionary_file: Path) -> None:
    text = "Blinken accused the cooperative of hoarding wheat."
    late = extract_doc(
        Document("d", text, "2026-03-01"), nlp(text), load_dictionary(dictionary_file)
    )
    it = next(i for i in late.interactions if i.type == "ACCUSE")
    assert it.source_country is None  # the role ended in 2025


def test_cli_takes_an_actor_dictionary(tmp_path: Path, dictionary_file: Path) -> None:
    import json

    from typer.testing import CliRunner

    from actorgraph.cli import app

    article = tmp_path / "2022-02-01-grain.txt"
    article.write_text(
        "date 2022-02-01 Tuesday\n\nBlinken accused NGC of hoarding wheat.\n", encoding="utf-8"
    )
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(
        app, ["events", str(article), "--actors", str(dictionary_file), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    accuse = next(r for r in records if r["type"] == "ACCUSE")
    assert (accuse["source"], accuse["target"]) == ("Antony Blinken", "Northern Grain Cooperative")
    assert (accuse["source_country"], accuse["target_country"]) == ("USA", "CAN")


def test_cli_reports_a_bad_dictionary_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from actorgraph.cli import app

    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]]\nname = 1\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Chile accused Peru of spying.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["events", str(article), "--actors", str(bad)])
    assert result.exit_code == 2
    assert "name must be a string" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
