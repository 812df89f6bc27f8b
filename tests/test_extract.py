"""Extraction, one test per construction, on sentences written for these tests."""

from __future__ import annotations

from actorgraph.model import Interaction

DOC_DATE = "2022-02-01"  # a Tuesday


def only(its: list[Interaction]) -> Interaction:
    assert len(its) == 1, [(i.source, i.target, i.type, i.trigger) for i in its]
    return its[0]


def ends(it: Interaction) -> set[str]:
    return {it.source_id, it.target_id}


# --- verb constructions ------------------------------------------------------------


def test_subject_verb_object(extract) -> None:
    it = only(extract("The United States accused Iran of supplying drones to armed groups."))
    assert (it.source, it.source_id, it.source_type) == ("United States", "USA", "COUNTRY")
    assert (it.target, it.target_id, it.target_country) == ("Iran", "IRN", "IRN")
    assert it.type == "ACCUSE"
    assert it.directed is True
    assert it.status == "occurred"
    assert it.trigger == "accused"
    assert it.quad == "verbal-conf"


def test_verb_with_preposition_and_no_event_for_the_requested_action(extract) -> None:
    its = extract("Egypt called on Israel to negotiate with Hamas.")
    it = only(its)  # "to negotiate with Hamas" is asked for, not an event of its own
    assert (it.source_id, it.target_id) == ("EGY", "ISR")
    assert it.type == "REQUEST"
    assert it.directed is True
    assert it.status == "occurred"
    assert not any("org:hamas" in ends(i) for i in its)


def test_passive_with_agent(extract) -> None:
    it = only(extract("Germany was criticised by Poland over its energy policy."))
    assert (it.source, it.target) == ("Poland", "Germany")
    assert (it.source_id, it.target_id) == ("POL", "DEU")
    assert it.type == "ACCUSE"
    assert it.directed is True
    assert it.status == "occurred"


def test_symmetric_coordinated_subjects(extract) -> None:
    it = only(extract("Turkey and Greece met on Monday to ease tensions in the Aegean."))
    assert ends(it) == {"TUR", "GRC"}
    assert it.type == "CONSULT"
    assert it.directed is False
    assert it.status == "occurred"
    # an undirected pair is stored in a canonical order
    assert it.source_id < it.target_id


def test_a_met_b(extract) -> None:
    it = only(extract("Japan met South Korea in Tokyo to discuss trade."))
    assert ends(it) == {"JPN", "KOR"}
    assert {it.source, it.target} == {"Japan", "South Korea"}
    assert it.type == "CONSULT"
    assert it.directed is False
    assert it.mode == "in_person"


# --- events named by nouns ---------------------------------------------------------


def test_planned_phone_call_between(extract) -> None:
    it = only(extract("Officials said a planned phone call between Joe Biden and Xi Jinping "
                      "would take place this month."))  # fmt: skip
    assert {it.source, it.target} == {"Joe Biden", "Xi Jinping"}
    assert it.source_type == it.target_type == "PERSON"
    assert it.type == "CONSULT"
    assert it.directed is False
    assert it.status == "planned"
    assert it.mode == "phone"


def test_held_talks_with(extract) -> None:
    it = only(extract("India held talks with Pakistan about the disputed border."))
    assert ends(it) == {"IND", "PAK"}
    assert it.type == "CONSULT"
    assert it.directed is False
    assert it.status == "occurred"
    assert it.trigger == "held talks"


# --- actors: titles, appositions, demonyms, capitals, seats ------------------------

APPOSITION = ("The French president, Emmanuel Macron, and his Russian counterpart, "
              "Vladimir Putin, held talks on Friday.")  # fmt: skip


def test_apposition_with_titles_gives_persons_with_countries(extraction) -> None:
    actors = {a.name: a for a in extraction(APPOSITION).actors}
    assert actors["Emmanuel Macron"].type == "PERSON"
    assert actors["Emmanuel Macron"].country == "FRA"
    assert actors["Vladimir Putin"].type == "PERSON"
    assert actors["Vladimir Putin"].country == "RUS"


def test_apposition_with_titles_gives_the_interaction(extract) -> None:
    it = only(extract(APPOSITION))
    assert {it.source, it.target} == {"Emmanuel Macron", "Vladimir Putin"}
    assert {it.source_country, it.target_country} == {"FRA", "RUS"}
    assert it.type == "CONSULT"
    assert it.directed is False


BLINKEN = "US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing."


def test_titles_are_absorbed_into_the_person(extraction) -> None:
    ex = extraction(BLINKEN)
    it = only(ex.interactions)
    assert {it.source, it.target} == {"Antony Blinken", "Wang Yi"}
    assert it.source_type == it.target_type == "PERSON"
    countries = {it.source: it.source_country, it.target: it.target_country}
    assert countries == {"Antony Blinken": "USA", "Wang Yi": "CHN"}
    blinken = [a for a in ex.actors if a.name == "Antony Blinken"]
    assert len(blinken) == 1 and blinken[0].type == "PERSON" and blinken[0].country == "USA"
    assert not [a for a in ex.actors if "Blinken" in a.name and a.name != "Antony Blinken"]


def test_secretary_of_state_gives_no_state_actor(extraction) -> None:
    """Names met only inside a title ("US", "State") are attributes, not actors."""
    actors = extraction(BLINKEN).actors
    assert "State" not in {a.name for a in actors}
    assert "USA" not in {a.id for a in actors}


def test_demonym_stands_for_its_country(extract) -> None:
    it = only(extract("Ukraine rejected Russian demands for neutrality."))
    assert (it.source_id, it.target_id) == ("UKR", "RUS")
    assert it.target == "Russia"
    assert it.type == "REJECT"
    assert it.directed is True


def test_capitals_stand_for_their_countries(extract) -> None:
    it = only(extract("Washington responded to the proposal from Pyongyang on Wednesday."))
    assert (it.source, it.source_id) == ("United States", "USA")
    assert (it.target, it.target_id) == ("North Korea", "PRK")
    assert it.type == "STATEMENT"
    assert it.directed is True


def test_seat_of_government_is_an_org_of_its_country(extract) -> None:
    it = only(extract("The Kremlin accused Britain of sending mercenaries to the front."))
    assert (it.source, it.source_id, it.source_type) == ("Kremlin", "org:kremlin", "ORG")
    assert it.source_country == "RUS"
    assert it.target_id == "GBR"
    assert it.type == "ACCUSE"


def test_country_tagged_as_person_is_still_a_country(extract) -> None:
    it = only(extract("France accused Mali of violating the agreement."))
    assert (it.source_id, it.target_id) == ("FRA", "MLI")
    assert it.target_type == "COUNTRY"


# --- what is not an interaction ----------------------------------------------------


def test_according_to_names_a_source_not_a_participant(extraction) -> None:
    ex = extraction("Canada condemned Venezuela, according to CNN.")
    assert "org:cnn" in {a.id for a in ex.actors}  # CNN is found as an actor...
    it = only(ex.interactions)  # ...but takes part in nothing
    assert (it.source_id, it.target_id) == ("CAN", "VEN")
    assert it.type == "ACCUSE"


def test_press_office_report_is_not_an_interaction(extraction) -> None:
    ex = extraction("Russia's press office reported that the talks with Ukraine had stalled.")
    assert {a.id for a in ex.actors} >= {"RUS", "UKR"}
    assert ex.interactions == []


# --- status ------------------------------------------------------------------------


def test_negated_meeting(extract) -> None:
    it = only(extract("Brazil did not meet Argentina at the summit."))
    assert ends(it) == {"BRA", "ARG"}
    assert it.type == "CONSULT"
    assert it.status == "negated"


def test_planned_visit(extract) -> None:
    it = only(extract("Chile will visit Peru in March."))
    assert (it.source_id, it.target_id) == ("CHL", "PER")
    assert it.type == "CONSULT"
    assert it.directed is True
    assert it.status == "planned"
    assert it.mode == "in_person"


# --- references across sentences ---------------------------------------------------


def test_both_leaders_are_the_last_pair(extract) -> None:
    its = extract("Narendra Modi met Shehbaz Sharif in New Delhi. "
                  "Both leaders agreed to reopen trade routes.")  # fmt: skip
    agree = only([i for i in its if i.type == "AGREE"])
    assert {agree.source, agree.target} == {"Narendra Modi", "Shehbaz Sharif"}
    assert agree.directed is False
    assert "Both leaders" in agree.sentence


def test_pronoun_is_the_previous_person(extract) -> None:
    its = extract("Joe Biden arrived in Tokyo on Sunday. "
                  "He criticised North Korea for the missile launches.")  # fmt: skip
    it = only([i for i in its if i.type == "ACCUSE"])
    assert (it.source, it.source_id) == ("Joe Biden", "person:joe biden")
    assert it.target_id == "PRK"
    assert it.type == "ACCUSE"
    assert it.sentence.startswith("He criticised")


def test_surname_is_the_same_actor(extraction) -> None:
    ex = extraction("Vladimir Putin spoke at a rally in Moscow. "
                    "Putin accused Ukraine of provoking the conflict.")  # fmt: skip
    it = only(ex.interactions)
    assert (it.source, it.source_id) == ("Vladimir Putin", "person:vladimir putin")
    assert it.target_id == "UKR"
    persons = [a for a in ex.actors if a.type == "PERSON"]
    assert [p.id for p in persons] == ["person:vladimir putin"]
    assert set(persons[0].aliases) == {"Putin", "Vladimir Putin"}
    assert ex.mentions["person:vladimir putin"] == 2


# --- dates -------------------------------------------------------------------------


def test_weekday_is_the_last_one_before_the_document_date(extract) -> None:
    it = only(extract("Norway met Sweden on Monday to discuss fishing quotas.", DOC_DATE))
    assert it.status == "occurred"
    assert it.date == "2022-01-31"


def test_planned_next_week_is_later(extract) -> None:
    it = only(extract("Norway will meet Sweden next week to discuss fishing quotas.", DOC_DATE))
    assert it.status == "planned"
    assert it.date is not None and it.date > DOC_DATE
    assert it.date == "2022-02-07"


def test_no_date_expression_gives_the_document_date(extract) -> None:
    it = only(extract("Norway met Sweden to discuss fishing quotas.", DOC_DATE))
    assert it.date == DOC_DATE


def test_no_document_date_gives_no_date(extract) -> None:
    it = only(extract("Norway met Sweden on Monday to discuss fishing quotas."))
    assert it.date is None


# --- one record per interaction ----------------------------------------------------


def test_same_interaction_twice_is_one_record(extract) -> None:
    text = ("Spain accused Morocco of violating the agreement. "
            "Later, Spain accused Morocco of breaking the deal.")  # fmt: skip
    it = only(extract(text))
    assert (it.source_id, it.target_id, it.type) == ("ESP", "MAR", "ACCUSE")
    assert it.sentence == "Spain accused Morocco of violating the agreement."
    assert it.start == 0


def test_undirected_pair_in_either_order_is_one_record(extract) -> None:
    it = only(extract("Turkey met Greece in Ankara. Greece met Turkey again in Athens."))
    assert ends(it) == {"TUR", "GRC"}
    assert it.sentence == "Turkey met Greece in Ankara."


def test_occurred_wins_over_planned(extract) -> None:
    text = ("Spain will accuse Morocco of violating the agreement. "
            "Spain accused Morocco of breaking the deal.")  # fmt: skip
    it = only(extract(text))
    assert it.status == "occurred"
    assert it.sentence.startswith("Spain accused")


def test_a_name_with_a_double_space_inside_is_written_with_one(extraction) -> None:
    ex = extraction("Benjamin  Netanyahu met Meles  Zenawi in Addis Ababa on Monday.")
    assert {"Benjamin Netanyahu", "Meles Zenawi"} <= {a.name for a in ex.actors}
    it = only(ex.interactions)
    assert {it.source, it.target} == {"Benjamin Netanyahu", "Meles Zenawi"}
