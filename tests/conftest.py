"""Shared fixtures: one spaCy pipeline per session, an extraction helper, the examples dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

import actorgraph.nlp
from actorgraph.extract import extract_doc
from actorgraph.model import Document, Extraction, Interaction

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The installed pipeline with actorgraph's components, loaded once."""
    return actorgraph.nlp.load_pipeline()


@pytest.fixture(scope="session")
def extraction(nlp: Language) -> Callable[..., Extraction]:
    """``extraction(text, date=None)``: the whole Extraction (actors and interactions)
    that the hand-written constructions find, without the learned decision: the
    readings tests check each construction."""

    def run(text: str, date: str | None = None) -> Extraction:
        return extract_doc(Document("t", text, date), nlp(text), model=None)

    return run


@pytest.fixture(scope="session")
def extract_learned(nlp: Language) -> Callable[..., list[Interaction]]:
    """``extract_learned(text, date=None)``: the interactions the shipped model decides."""

    def run(text: str, date: str | None = None) -> list[Interaction]:
        return extract_doc(Document("t", text, date), nlp(text)).interactions

    return run


@pytest.fixture(scope="session")
def extract(extraction: Callable[..., Extraction]) -> Callable[..., list[Interaction]]:
    """``extract(text, date=None)``: the interactions found in one text."""

    def run(text: str, date: str | None = None) -> list[Interaction]:
        return extraction(text, date).interactions

    return run


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The repository's examples/ directory of sample articles."""
    path = REPO / "examples"
    assert path.is_dir(), path
    return path
