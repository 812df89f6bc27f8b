"""Whether an event occurred, is planned or is negated; how it happened; and on which day."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from actorgraph.extract.lexicon import Trigger, cue
from actorgraph.nlp import lemma

#: The days of the week in the order of ``date.weekday()``: the calendar's, not a lexicon.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _governors(token: Token, steps: int = 3) -> list[Token]:
    """The verbs that govern a trigger through complements and light-verb objects."""
    out = []
    tok = token
    for _ in range(steps):
        if tok.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "attr", "nsubjpass", "acl",
                        "advcl", "conj") and tok.head.i != tok.i:  # fmt: skip
            tok = tok.head
            out.append(tok)
        else:
            break
    return out


def _cancels(verb: Token) -> bool:
    """ "cancelled", "scrapped", "called off"."""
    word = lemma(verb)
    return word in cue("cancelling") or (
        word == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)
    )


def _denied(anchor: Token) -> bool:
    """ "The Kremlin denied (reports) that Putin had spoken to Trump": the event is denied."""
    tok = anchor
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ not in ("ccomp", "acl") or tok.head.i == tok.i:
        return False
    head = tok.head
    if tok.dep_ == "ccomp" and lemma(head) in cue("denial"):
        return True
    return (
        lemma(head) in cue("report_noun")
        and head.dep_ in ("dobj", "nsubjpass")
        and lemma(head.head) in cue("denial")
    )


def event_status(anchor: Token) -> str:
    """Return "negated", "planned" or "occurred" for the event a trigger names.

    Negation: "did not meet", "no talks". Planned: "will meet", "plans to visit",
    "a planned call", "is scheduled to", "seek a meeting", "ahead of a summit".
    """
    if _denied(anchor) or any(_cancels(g) for g in _governors(anchor, 2)):
        return "negated"  # "the meeting ... was cancelled"
    planning = cue("planning")
    around = [anchor]
    for gov in _governors(anchor):
        # Conjoined verbs share no modality of their own beyond their auxiliaries.
        if gov.pos_ in ("VERB", "AUX") or lemma(gov) in planning:
            around.append(gov)
    for tok in around:
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated"
    for tok in around:
        for child in tok.children:
            if child.dep_ in ("aux", "amod", "advmod", "auxpass") and child.lower_ in planning:
                return "planned"
            if child.dep_ == "aux" and child.lower_ == "going":
                return "planned"
        if tok.i != anchor.i and lemma(tok) in planning and lemma(tok) not in cue("factive"):
            return "planned"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ == "ahead":
            return "planned"
    if anchor.dep_ == "xcomp" and lemma(anchor.head) not in cue("factive"):
        return "planned"
    return "occurred"


def event_mode(anchor: Token, entry: Trigger) -> str | None:
    """The mode the text states ("phone", "in_person", "virtual", "written"), else the entry's."""
    words: set[str] = set()  # the trigger's own word is the entry's business, not a cue
    for child in anchor.children:
        if child.dep_ in ("amod", "compound", "prep", "advmod", "npadvmod"):
            words.add(child.lower_)
            words.update(g.lower_ for g in child.children if g.dep_ in ("pobj", "amod"))
    modes = {
        "virtual": cue("mode_virtual"),
        "phone": cue("mode_phone"),
        "written": cue("mode_written"),
        "in_person": cue("mode_in_person"),
    }  # the first that fits wins
    for mode, cues in modes.items():
        if words & cues:
            return mode
    return entry.mode


def resolve_date(anchor: Token, doc_date: str | None, status: str) -> str | None:
    """Resolve "on Monday", "yesterday", "last Friday", "next week" against the document date.

    A weekday refers to the most recent such day before the document date for an event
    that occurred, and to the next one for a planned event. Without a document date, or
    without a date expression near the trigger, the document date is returned.
    """
    if not doc_date:
        return None
    try:
        base = dt.date.fromisoformat(doc_date[:10])
    except ValueError:
        return None
    words = _date_words(anchor)
    if not words:
        return doc_date[:10]
    forward = status == "planned"
    if "yesterday" in words:
        return (base - dt.timedelta(days=1)).isoformat()
    if "tomorrow" in words:
        return (base + dt.timedelta(days=1)).isoformat()
    if "today" in words or "tonight" in words:
        return base.isoformat()
    for n, day in enumerate(WEEKDAYS):
        if day in words:
            if "next" in words:
                forward = True
            elif "last" in words:
                forward = False
            # The same weekday as the document's is that very day, unless "next"/"last" say not.
            if forward:
                delta = (n - base.weekday()) % 7 or (7 if "next" in words else 0)
                return (base + dt.timedelta(days=delta)).isoformat()
            delta = (base.weekday() - n) % 7 or (7 if "last" in words else 0)
            return (base - dt.timedelta(days=delta)).isoformat()
    if "week" in words and "next" in words:
        return (base + dt.timedelta(days=7 - base.weekday())).isoformat()
    if "week" in words and "last" in words:
        return (base - dt.timedelta(days=base.weekday() + 7)).isoformat()
    return base.isoformat()


def _date_words(anchor: Token) -> set[str]:
    """Lower-case words of DATE entities attached to the trigger or its governing verb."""
    words: set[str] = set()
    for tok in [anchor, *_governors(anchor, 2)]:
        for child in tok.children:
            candidates = [child]
            if child.dep_ == "prep":
                candidates = [g for g in child.children if g.dep_ == "pobj"]
            for c in candidates:
                if c.ent_type_ == "DATE" or c.lower_ in cue("relative_day"):
                    words.update(t.lower_ for t in c.subtree if t.ent_type_ == "DATE" or t.i == c.i)
        if words:
            break
    return words
