"""Which names are actors (issue 13): things, cities and historic states."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _actors(extraction, text: str, date: str | None = None) -> dict[str, tuple[str, str | None]]:
    return {a.name: (a.type, a.country) for a in extraction(text, date).actors}


def test_vessels_and_weapons_are_not_actors(extraction) -> None:
    found = _actors(
        extraction,
        "The U.S. frigate Stark consulted Bahrain. Later the Stark left port. "
        "Iraq fired Frog missiles at Iran.",
    )
    assert "Stark" not in found
    assert "Frog" not in found
    assert {"Bahrain", "Iraq", "Iran"} <= set(found)


def test_a_known_group_the_tagger_took_for_a_product_is_an_actor(extraction) -> None:
    found = _actors(extraction, "The G-20 criticised Russia. The M-23 rebels attacked Goma.")
    assert {"G20", "M23", "Russia"} <= set(found)


def test_a_city_is_not_a_country_but_a_capital_is_its_government(extraction) -> None:
    found = _actors(extraction, "Iranian forces shelled Basra. Baghdad condemned Tehran.")
    assert "Basra" not in found
    assert found["Iraq"] == ("COUNTRY", "IRQ")
    assert found["Iran"] == ("COUNTRY", "IRN")


def test_dates_decide_historic_states(extraction) -> None:
    text = "Moscow condemned Washington. The Soviet Union accused Iraq."
    then = _actors(extraction, text, "1987-05-18")
    assert then["Soviet Union"] == ("COUNTRY", "SUN")
    assert "Russia" not in then
    now = _actors(extraction, "Moscow condemned Washington.", "2022-05-18")
    assert now["Russia"] == ("COUNTRY", "RUS")


def test_a_region_belongs_to_its_country(extraction) -> None:
    found = _actors(extraction, "Scotland criticised the Treasury over the Budget.")
    assert found.get("Scotland") == ("ORG", "GBR")
    assert "Budget" not in found


def _people(nlp, text: str) -> set[str]:
    from actorgraph.extract.actors import find_mentions

    return {m.name for m in find_mentions(nlp(text)) if m.type == "PERSON"}


def test_a_place_taken_for_a_person_is_no_person(nlp) -> None:
    assert "Slough" not in _people(nlp, "Protesters gathered in Slough on Monday, Mr Howard said.")
    # ... but a surname that is also a town's name stays a person
    assert "Preston" in _people(nlp, "Kimberly Quinn met Mr Preston in Preston.")
    assert "Prescott" in _people(nlp, "John Prescott spoke in Hull. Later Prescott left.")


def test_a_name_run_across_a_dash_is_cut_at_it(nlp) -> None:
    found = _people(nlp, "Labour MPs - Keith Vaz, Paul Boateng and Bernie Grant - were "
                         "elected in 1987.")  # fmt: skip
    assert "Keith Vaz" in found
    assert not any(" - " in name for name in found)
    assert "Robert Kilroy-Silk" in _people(nlp, "Robert Kilroy-Silk said no.")


def test_a_name_in_apposition_to_an_organisation_noun_is_no_person(nlp) -> None:
    from actorgraph.extract.actors import find_mentions

    found = {m.name: m.type for m in find_mentions(nlp(
        "She joined the law firm Clifford Chance in 1990 and met Tony Blair."))}  # fmt: skip
    assert found["Clifford Chance"] == "ORG"
    assert found["Tony Blair"] == "PERSON"


def test_a_national_acronym_alone_among_another_countrys_actors_keeps_its_letters(
    extraction,
) -> None:
    british = _actors(
        extraction,
        "Labour and the Tories said the BNP was wrong. Michael Howard, the Conservative "
        "leader, attacked the BNP.",
    )
    assert british["BNP"] == ("ORG", None)
    assert "Bangladesh Nationalist Party" not in british
    bangladeshi = _actors(
        extraction, "The BNP called a strike in Dhaka against the government of Bangladesh."
    )
    assert bangladeshi["Bangladesh Nationalist Party"] == ("ORG", "BGD")
    # a document that places no other actor keeps the body the letters name
    assert _actors(extraction, "FBI agents arrested two men on Monday.")["FBI"] == ("ORG", "USA")


def test_where_a_thing_was_made_is_no_party(nlp) -> None:
    from actorgraph.extract import extract_doc
    from actorgraph.model import Document

    text = "The U.S. says Iran is preparing to deploy Chinese-made Silkworm missiles."
    found = extract_doc(Document("t", text), nlp(text))  # the shipped model decides
    parties = {name for it in found.interactions for name in (it.source, it.target)}
    assert "China" not in parties
    assert {"United States", "Iran"} <= parties
