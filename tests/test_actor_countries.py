"""People's countries from their parties, offices and the words around their names
(issue 13): what the text itself says, never a default of the corpus."""

from __future__ import annotations

import pytest
from spacy.language import Language

from actorgraph.extract.actors import find_mentions, home_government
from actorgraph.nlp import pipe_selectively

pytestmark = pytest.mark.slow


def _countries(nlp: Language, text: str, *, parsed: bool = True) -> dict[str, str | None]:
    """Each person's country as the mentions of ``text`` give it (the first mention
    that has one); ``parsed=False`` leaves every sentence unparsed, as a selective
    parse leaves the sentences that hold no interaction."""
    if parsed:
        doc = nlp(text)
    else:
        ((doc, _),) = pipe_selectively(nlp, [(text, None)], lambda d: [], batch_size=1)
    out: dict[str, str | None] = {}
    for m in find_mentions(doc):
        if m.type == "PERSON" and not out.get(m.name):
            out[m.name] = m.country
    return out


def test_a_party_tagged_as_a_common_noun_places_its_member(nlp) -> None:
    found = _countries(nlp, "Labour MP Stephen Pound visited a school on Friday.")
    assert found["Stephen Pound"] == "GBR"


def test_a_party_and_title_inside_the_name_are_no_part_of_it(nlp) -> None:
    found = _countries(nlp, "Lib Dem MP Lembit Opik spoke to Labour MP Ann Clwyd.")
    assert found.get("Lembit Opik") == "GBR"
    assert found.get("Ann Clwyd") == "GBR"
    assert not any(name.startswith(("Lib Dem", "Labour")) for name in found)


def test_scottish_and_welsh_offices_are_british(nlp) -> None:
    found = _countries(nlp, "Welsh Health Minister Jane Hutt opened a hospital.")
    assert found["Jane Hutt"] == "GBR"


def test_a_minister_of_the_government_the_document_is_about(nlp) -> None:
    found = _countries(
        nlp,
        "Labour met in Brighton this week. Deputy Prime Minister John Prescott praised the plan.",
    )
    assert found["John Prescott"] == "GBR"


def test_no_office_country_when_the_document_names_two_governments(nlp) -> None:
    found = _countries(
        nlp,
        "Labour met in Brighton this week. Iraqi Prime Minister Ayad Allawi "
        "spoke. Deputy Prime Minister John Prescott praised the plan.",
    )
    assert found["John Prescott"] is None
    assert found["Ayad Allawi"] == "IRQ"


def test_no_office_country_when_the_sentence_names_another_country(nlp) -> None:
    found = _countries(
        nlp,
        "Labour met in Brighton this week. "
        "Foreign Minister Silvan Shalom said Israel would not withdraw.",
    )
    assert found["Silvan Shalom"] is None


def test_a_head_of_state_is_no_office_of_the_documents_government(nlp) -> None:
    text = "Labour met in Brighton this week. President Bush met Mr Blair on Monday."
    doc = nlp(text)
    assert home_government(find_mentions(doc)) == "GBR"
    assert _countries(nlp, text)["Bush"] is None


@pytest.mark.parametrize("parsed", [True, False])
def test_the_words_next_to_a_name_place_it_without_a_parse(nlp, parsed: bool) -> None:
    found = _countries(
        nlp,
        "Labour's Elizabeth Blackman held a surgery on Friday. "
        "UKIP leader Roger Knapman wrote a letter. "
        "John Prescott, the Labour deputy leader, was there.",
        parsed=parsed,
    )
    assert found["Elizabeth Blackman"] == "GBR"
    assert found["Roger Knapman"] == "GBR"
    assert found["John Prescott"] == "GBR"


def test_an_apposition_must_close(nlp) -> None:
    # the Philippine president is the subject here, no apposition of Xi Jinping
    for parsed in (True, False):
        found = _countries(
            nlp,
            "In a letter to Xi Jinping, the Philippine president demanded an end to "
            "harassment of fishermen.",
            parsed=parsed,
        )
        assert found["Xi Jinping"] is None


def test_the_government_and_forces_keep_their_country_and_get_a_sector(tmp_path) -> None:
    import sqlite3

    from typer.testing import CliRunner

    from actorgraph.cli import app

    text = tmp_path / "story.txt"
    text.write_text(
        "Labour met in Brighton this week. Home Secretary Charles Clarke spoke there. "
        "The government accused "
        "Russian forces of shelling. Ministers met Oxfam on Monday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["build", str(text), "--out", str(out), "--workers", "1"])
    assert done.exit_code == 0, done.output
    conn = sqlite3.connect(out / "actorgraph.db")
    ends = conn.execute(
        """SELECT source, source_sector, s.country FROM interactions JOIN actors AS s
           ON s.id = source_id UNION SELECT target, target_sector, t.country
           FROM interactions JOIN actors AS t ON t.id = target_id"""
    ).fetchall()
    actors = {r[0]: r[1:] for r in conn.execute("SELECT name, country, sector FROM actors")}
    conn.close()
    # "the government" and "ministers" are the British government: its country, GOV
    assert actors["British government"] == ("GBR", "GOV")
    assert actors["Russian forces"] == ("RUS", "MIL")
    assert ("British government", "GOV", "GBR") in ends
    assert ("Russian forces", "MIL", "RUS") in ends


@pytest.mark.parametrize("parsed", [True, False])
def test_a_country_before_a_comma_is_no_affiliation(nlp, parsed: bool) -> None:
    found = _countries(
        nlp,
        "After talks on arms sales to Iran, Reagan said he was sorry.",
        parsed=parsed,
    )
    assert found["Reagan"] is None


@pytest.mark.parametrize("parsed", [True, False])
def test_a_national_title_in_an_apposition_places_the_name(nlp, parsed: bool) -> None:
    found = _countries(
        nlp,
        "Charles Clarke, the home secretary, spoke on Monday. "
        "Shadow Home Secretary David Davis was there.",
        parsed=parsed,
    )
    assert found["Charles Clarke"] == "GBR"
    assert found["David Davis"] == "GBR"


def test_a_group_the_title_is_part_of_places_the_name(nlp) -> None:
    found = _countries(
        nlp,
        "Yesterday Tory MP Nigel Waterson wrote to the paper.",
        parsed=False,
    )
    assert found["Nigel Waterson"] == "GBR"


def test_a_soviet_minister_is_no_american_in_a_text_naming_washington(nlp) -> None:
    found = _countries(
        nlp,
        "The Reagan administration said it would act. Soviet leader Mikhail Gorbachev "
        "and Foreign Minister Eduard Shevardnadze left a session on Monday.",
    )
    assert found["Eduard Shevardnadze"] != "USA"


def test_the_body_a_person_speaks_for_after_their_name_places_them(nlp) -> None:
    found = _countries(
        nlp,
        "Tim Smith, a spokesman for the Foreign Office, said no. Jane Roe of the Labour "
        "Party disagreed. Ali Khan, prime minister of Pakistan, met Bob Day, head of NATO.",
    )
    assert found["Tim Smith"] == "GBR"
    assert found["Jane Roe"] == "GBR"
    assert found["Ali Khan"] == "PAK"
    assert found["Bob Day"] is None  # NATO is no country's


def test_a_title_without_a_comma_or_a_body_of_no_country_places_nobody(nlp) -> None:
    found = _countries(nlp, "Voters for Tim Smith met the Labour Party on Friday.")
    assert found["Tim Smith"] is None


def test_a_body_named_of_a_country_is_of_that_country(nlp) -> None:
    from actorgraph.extract.actors import _country_of_name

    assert _country_of_name("Muslim Council of Britain") == "GBR"
    assert _country_of_name("Law Society of Scotland") == "GBR"  # a nation of the UK
    assert _country_of_name("Communist Party of China") == "CHN"
    assert _country_of_name("Friends of the Earth") is None
    assert _country_of_name("Institute of Directors") is None
    found = _countries(nlp, "Iqbal Sacranie, head of the Muslim Council of Britain, said no.")
    assert found["Iqbal Sacranie"] == "GBR"


def test_the_city_of_an_office_places_its_holder(nlp) -> None:
    found = _countries(nlp, "Middlesbrough mayor Ray Mallon met Jane Roe, the Birmingham MP.")
    assert found["Ray Mallon"] == "GBR"
    assert found["Jane Roe"] == "GBR"
    # a person's name before a title is no place ("Bush" is also a town's name)
    assert _countries(nlp, "Bush aide Karl Rove said no.").get("Karl Rove") is None


def test_a_place_before_a_title_places_only_an_office_held_for_it() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from actorgraph.extract.actors import _affiliation_at

    doc = Doc(Vocab(), words=["Middlesbrough", "spokesman", "Jane", "Roe"],
              tags=["NNP", "NN", "NNP", "NNP"])  # fmt: skip
    assert _affiliation_at(doc, 0, {}, ["mayor"]) == "GBR"
    # a spokesman speaks for a company, whatever town shares its name
    assert _affiliation_at(doc, 0, {}, ["spokesman"]) is None


def test_a_country_named_before_an_office_is_the_offices_country(nlp) -> None:
    # "Defence Secretary" alone is Britain's; "U.S. Defence Secretary" is not
    found = _countries(nlp, "U.S. Defence Secretary Caspar Weinberger said the U.S. would act.")
    assert found["Caspar Weinberger"] == "USA"
    assert _countries(nlp, "Defence Secretary Geoff Hoon said so.")["Geoff Hoon"] == "GBR"
