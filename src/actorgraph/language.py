"""Tell a document's language offline (langdetect's profiles ship with the package)."""

from __future__ import annotations

import functools
import re
import threading

#: Texts with fewer letters than this are not judged: too little to tell reliably.
MIN_LETTERS = 40
#: A language is reported only when langdetect gives it at least this probability.
MIN_PROBABILITY = 0.80
#: Characters of a document looked at (the start says enough, and long texts are slow).
SAMPLE_CHARS = 2000

#: Running text is mostly letters; a table of figures, whatever its labels, is not.
MIN_LETTER_SHARE = 0.7
#: Running text in a language has at least this share of its stop words.
MIN_STOP_WORD_SHARE = 0.2
#: A text with this share of the expected language's stop words is in it: no need to ask
#: the profiles (English news has 0.34 or more; French, German, Spanish, Italian news
#: has 0.15 or less of English stop words). It saves most of the detection's time.
SURE_STOP_WORD_SHARE = 0.3

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_LOCK = threading.Lock()


@functools.cache
def _factory():
    """langdetect's detector factory, loaded once from the profiles in its package."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def detect_language(text: str, expected: str | None = None) -> str | None:
    """The language a text is written in, as an ISO 639-1 code, when it can be told.

    Deterministic (a fixed seed) and offline: the language profiles are data files of
    the ``langdetect`` package. Mixed case is kept, but a text in capitals is read in
    lower case (wire headlines and briefs often are), since the profiles are built
    from ordinary text.

    Parameters
    ----------
    text : str
        The document's text; only its first :data:`SAMPLE_CHARS` characters are read.
    expected : str, optional
        The language the text is expected in (the pipeline's): another verdict stands
        only if the text has more of that language's stop words than of this one's.

    Returns
    -------
    str or None
        ``"en"``, ``"fr"``, ``"de"``, ... (``"zh-cn"`` and ``"zh-tw"`` for Chinese), or
        None for a text too short to tell (fewer than :data:`MIN_LETTERS` letters) or
        with no language at :data:`MIN_PROBABILITY` or more.

    Examples
    --------
    >>> detect_language("Le président a rencontré le premier ministre à Paris mardi soir.")
    'fr'
    """
    from langdetect.lang_detect_exception import LangDetectException

    sample = text[:SAMPLE_CHARS]
    letters = _LETTER.findall(sample)
    if len(letters) < MIN_LETTERS:
        return None
    solid = sum(1 for ch in sample if not ch.isspace())
    if len(letters) < MIN_LETTER_SHARE * solid:
        return None  # a table of figures, not running text
    upper = sum(1 for ch in letters if ch.isupper())
    if upper > 0.6 * len(letters):
        sample = sample.lower()
    if expected:
        own = stop_word_share(sample, expected)
        if own is not None and own >= SURE_STOP_WORD_SHARE:
            return expected
    with _LOCK:  # a detector is not shared, but the factory's seed is set per call
        detector = _factory().create()
        detector.seed = 0
        detector.append(sample)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return None
    if not found or found[0].prob < MIN_PROBABILITY:
        return None
    lang = str(found[0].lang)
    share = stop_word_share(sample, lang)
    # Number tables and lists of names fool the profiles; running text in a language
    # is full of its function words, so a verdict without them is no verdict.
    if share is not None and share < MIN_STOP_WORD_SHARE:
        return None
    if expected and lang != expected:
        own = stop_word_share(sample, expected)
        if own is not None and share is not None and own >= share:
            return expected
    return lang


@functools.cache
def _stop_words(lang: str) -> frozenset[str] | None:
    """spaCy's stop words of a language (its own data), or None where it has none."""
    try:
        import spacy.util

        words = spacy.util.get_lang_class(lang.split("-", 1)[0]).Defaults.stop_words
    except Exception:  # noqa: BLE001 - a language spaCy does not know has no list
        return None
    return frozenset(w.lower() for w in words) or None


def stop_word_share(text: str, lang: str) -> float | None:
    """The share of a text's words that are stop words of ``lang`` (spaCy's lists).

    Returns
    -------
    float or None
        Between 0 and 1; None when spaCy has no stop words for the language or the
        text has no words.
    """
    words = _stop_words(lang)
    tokens = [t.lower() for t in _WORD.findall(text)]
    if words is None or not tokens:
        return None
    return sum(1 for t in tokens if t in words) / len(tokens)


def pipeline_language(model: str | None) -> str | None:
    """The language of a spaCy pipeline, from its package's meta, without loading it.

    Parameters
    ----------
    model : str or None
        An installed pipeline's package name or directory; None for the default
        (English) pipeline.

    Returns
    -------
    str or None
        The ``lang`` of the pipeline's meta.json; for a pipeline that cannot be looked
        up, the language its name gives when it follows spaCy's naming
        (``de_core_news_sm``), else None (no language is told, and loading the
        pipeline says what is wrong).
    """
    if not model:
        return "en"
    try:
        import spacy.util

        path = spacy.util.get_package_path(model) if spacy.util.is_package(model) else None
        if path is None:
            from pathlib import Path

            path = Path(model) if Path(model).is_dir() else None
        if path is not None:
            meta = spacy.util.get_model_meta(path)
            if meta.get("lang"):
                return str(meta["lang"])
    except Exception:  # noqa: BLE001 - a name we cannot look up falls back to its name
        pass
    named = re.fullmatch(r"([a-z]{2,3})_core_[a-z]+_(?:sm|md|lg|trf)(?:_\w+)?", model)
    return named[1] if named else None


__all__ = ["MIN_LETTERS", "detect_language", "pipeline_language"]
