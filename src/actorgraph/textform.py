"""Text as written: join hard-wrapped lines into paragraphs and drop export boilerplate."""

from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass
from importlib import resources

#: Lines longer than this are never boilerplate: they belong to the story.
MAX_BOILERPLATE_CHARS = 160

#: Wrapped text has lines of about one width; beyond this many characters it is not wrap.
MAX_WRAP_WIDTH = 100
#: Nor is a text whose longest lines are shorter than this (a table, a list).
MIN_WRAP_WIDTH = 40
#: A line break is a wrap when the next word would not fit within the width less this.
WRAP_SLACK = 2
#: Share of a block's line breaks that must look like wraps for the text to be wrapped.
WRAPPED_SHARE = 0.6

_LIST_ITEM = re.compile(r"(?:[-*•·–—+]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")


@dataclass(frozen=True)
class FormedText:
    """A text as actorgraph stores and parses it, and what was changed to get there.

    Attributes
    ----------
    text : str
        The text: wrapped paragraphs joined, boilerplate lines dropped.
    joined : int
        Line breaks replaced by a space (0 when the text was not hard-wrapped).
    dropped : tuple of str
        The boilerplate lines (or paragraphs) left out, stripped.
    """

    text: str
    joined: int = 0
    dropped: tuple[str, ...] = ()


@functools.cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns of ``data/boilerplate.tsv``, compiled (ignoring case).

    Returns
    -------
    tuple of re.Pattern
        One per data line; each is matched against a whole stripped line.
    """
    text = resources.files("actorgraph").joinpath("data/boilerplate.tsv").read_text("utf-8")
    patterns = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("pattern\t"):
            continue
        pattern = line.split("\t", 1)[0]
        patterns.append(re.compile(pattern, re.IGNORECASE))
    return tuple(patterns)


def is_boilerplate(line: str) -> bool:
    """Whether a line (or paragraph) is export furniture rather than story text.

    Parameters
    ----------
    line : str
        One line or one joined paragraph.

    Returns
    -------
    bool
        True for bylines, copyright lines, sign-offs ("Reuter"), page numbers, rules,
        export headers ("Load-Date: ...") and the like; False for anything longer than
        :data:`MAX_BOILERPLATE_CHARS`.

    Examples
    --------
    >>> is_boilerplate("(c) 2004 Reuters Limited"), is_boilerplate("Iran rejected the plan.")
    (True, False)
    """
    stripped = " ".join(line.split())
    if not stripped or len(stripped) > MAX_BOILERPLATE_CHARS:
        return False
    return any(p.fullmatch(stripped) for p in boilerplate_patterns())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _first_word(line: str) -> str:
    return line.strip().split(" ", 1)[0]


def _wrapped_here(line: str, following: str, width: int) -> bool:
    """Whether a line break looks like a wrap: the next word would not have fitted, or
    the line stops inside a sentence that the next line goes on with in lower case."""
    if len(line.rstrip()) + 1 + len(_first_word(following)) > width - WRAP_SLACK:
        return True
    return not _SENTENCE_END.search(line.rstrip()) and following.strip()[:1].islower()


def _cut_lead(first: str) -> bool:
    """Whether a wrapped text's first line is short because its start was cut (a wire
    story's dateline is often taken off into a field of its own) and it stops inside a
    sentence, rather than being a headline."""
    line = first.strip()
    if _SENTENCE_END.search(line) or line.isupper():
        return False
    # A headline on a line of its own ("Iran rejects OPEC quota") is not joined to the
    # story; a line that stops on a short function word ("of", "the", "de") goes on.
    last = line.rsplit(maxsplit=1)[-1]
    return last.isalpha() and last.islower() and len(last) <= 3


def _wrap_width(lines: list[str]) -> int | None:
    """The width a text was wrapped at, or None when its lines do not look wrapped.

    Where a text is hard-wrapped, the first word of most lines would not have fitted
    on the line before (at most :data:`MAX_WRAP_WIDTH` characters), and most lines
    end inside a sentence; a text with one sentence, one paragraph or one table row
    per line has neither.
    """
    body = [ln.rstrip() for ln in lines if ln.strip()]
    if len(body) < 3:
        return None
    width = sorted(len(ln) for ln in body)[int(0.95 * (len(body) - 1))]
    if width > MAX_WRAP_WIDTH or width < MIN_WRAP_WIDTH:
        return None
    usual_indent = statistics.median_low(_indent(ln) for ln in lines if ln.strip())
    # Breaks inside a block of lines, not already paragraph breaks: where a wrap would be.
    inner = [
        (lines[i].rstrip(), lines[i + 1])
        for i in range(len(lines) - 1)
        if lines[i].strip()
        and lines[i + 1].strip()
        and _indent(lines[i + 1]) <= usual_indent
        and not _LIST_ITEM.match(lines[i + 1].strip())
    ]
    if len(inner) < 2:
        return None
    wraps = [line for line, following in inner if _wrapped_here(line, following, width)]
    if len(wraps) < WRAPPED_SHARE * len(inner):
        return None
    open_ended = sum(1 for ln in wraps if not _SENTENCE_END.search(ln))
    if open_ended < 0.5 * len(wraps):
        return None
    return width


def _paragraphs(lines: list[str], width: int) -> list[list[str]]:
    """Cut wrapped lines into paragraphs: at blank lines, indented lines (where most
    lines are not indented), list items, and after a line the next word would have
    fitted on."""
    indents = [_indent(ln) for ln in lines if ln.strip()]
    usual_indent = statistics.median_low(indents) if indents else 0
    paragraphs: list[list[str]] = []
    current: list[str] = []
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
                current = []
            paragraphs.append([])  # a blank line is kept as a break
            previous = ""
            continue
        starts_new = (
            not current
            or _indent(line) > usual_indent
            or _LIST_ITEM.match(stripped) is not None
            or not (
                _wrapped_here(previous, stripped, width)
                or (len(paragraphs) == 0 and _cut_lead(previous))
            )
        )
        if starts_new and current:
            paragraphs.append(current)
            current = []
        current.append(stripped)
        previous = line.rstrip()
    if current:
        paragraphs.append(current)
    return paragraphs


def _join(lines: list[str]) -> tuple[str, int]:
    """One paragraph from its lines; a word hyphenated at a line end is not split."""
    out = lines[0]
    for line in lines[1:]:
        if _HYPHEN_END.search(out) and line[:1].islower():
            out += line  # "long-\nterm" -> "long-term"
        else:
            out += " " + line
    return out, len(lines) - 1


def form_text(text: str, *, join_lines: bool = True) -> FormedText:
    """The text actorgraph stores and parses: wrapped lines joined, boilerplate dropped.

    Detection is per document: a text whose lines are about one width (at most
    :data:`MAX_WRAP_WIDTH` characters) and mostly end inside a sentence is hard-wrapped,
    and its lines are joined within each paragraph; paragraphs (blank lines, indented
    lines, list items, a line well short of the width) stay on lines of their own. Any
    other text keeps its lines. In both, lines that are export boilerplate
    (:func:`is_boilerplate`) are left out. Character offsets of interactions refer to
    the text returned.

    Parameters
    ----------
    text : str
        The text as read.
    join_lines : bool, default True
        Join hard-wrapped lines; False keeps every line break (boilerplate is still
        dropped).

    Returns
    -------
    FormedText

    Examples
    --------
    >>> t = "Iraq has rejected its new OPEC production\\nquota and will produce more oil"
    >>> t += " than agreed,\\nthe Iraqi oil minister said on Tuesday in a\\nstatement."
    >>> form_text(t + "\\n    Reuter").text  # doctest: +NORMALIZE_WHITESPACE
    'Iraq has rejected its new OPEC production quota and will produce more oil than
    agreed, the Iraqi oil minister said on Tuesday in a statement.'
    """
    original = text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    width = _wrap_width(lines) if join_lines else None
    if width is None:
        units = [[ln] for ln in lines]
        joined = 0
    else:
        units = _paragraphs(lines, width)
        joined = 0
    kept: list[str] = []
    dropped: list[str] = []
    for unit in units:
        if not unit or not "".join(unit).strip():
            kept.append("")
            continue
        if width is None:
            paragraph, n = unit[0].rstrip(), 0
        else:
            paragraph, n = _join(unit)
        if is_boilerplate(paragraph):
            dropped.append(" ".join(paragraph.split()))
            continue
        joined += n
        kept.append(paragraph)
    if width is None and not dropped:
        return FormedText(original)  # nothing to change: the text stays as it came
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return FormedText(out, joined, tuple(dropped))


__all__ = ["FormedText", "boilerplate_patterns", "form_text", "is_boilerplate"]
