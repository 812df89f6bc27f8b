"""What the clause around a trigger says about its event, shared by the constructions.

Whether the event is only asked for or imagined, whether a word names an event, and
whom a protest or force without a stated target is aimed at.
"""

from __future__ import annotations

from spacy.tokens import Token

from actorgraph.extract.actors import Mention
from actorgraph.extract.arguments import Arguments
from actorgraph.extract.lexicon import cue, triggers
from actorgraph.nlp import lemma


def blocked_by_head(tok: Token) -> bool:
    """True when the event is only asked for or imagined ("called on NATO to withdraw")."""
    if any(c.dep_ == "aux" and c.lower_ in cue("demand_modal") for c in tok.children):
        return True  # "Kagame must agree to changes": a demand, not an event
    if (
        tok.dep_ in ("acl", "ccomp")
        and tok.head.pos_ == "NOUN"
        and any(
            e.type in ("REQUEST", "REJECT") for e in triggers().get((lemma(tok.head), "NOUN"), [])
        )
    ):
        return True  # "its demand that Sudan lift restrictions", "its refusal to accept"
    head = tok
    for _ in range(3):
        if head.dep_ not in ("xcomp", "ccomp", "advcl", "conj"):
            return False
        if head.dep_ == "conj":
            head = head.head
            continue
        if _governor_blocks(tok, head):
            return True
        head = head.head
    return False


def _governor_blocks(tok: Token, head: Token) -> bool:
    """Whether the word governing a complement ``head`` (on the way up from ``tok``)
    makes it only asked for, refused, threatened or imagined."""
    parent = head.head
    word = lemma(parent)
    if word in cue("hypothetical") or any(c.lower_ in cue("hypothetical") for c in tok.children
                                            if c.dep_ == "mark"):  # fmt: skip
        return True
    for entry in triggers().get((word, "VERB"), []):
        if entry.type in ("REQUEST", "REJECT", "THREATEN") and head.dep_ == "xcomp":
            return True
        if entry.type == "REQUEST" and head.dep_ == "ccomp":
            return True  # "demanded that its partners refuse to ...": only asked for
    # "repeated its demand that Sudan lift restrictions"
    return any(c.dep_ == "dobj" and any(e.type == "REQUEST" for e in triggers().get(
        (lemma(c), "NOUN"), [])) for c in parent.children)  # fmt: skip


def names_event(tok: Token) -> bool:
    table = triggers()
    word = lemma(tok)
    if tok.pos_ in ("VERB",) and (word, "VERB") in table:
        return True
    return tok.pos_ == "NOUN" and (word, "NOUN") in table


#: Clauses and phrases that state what a protest is for or about.
PURPOSE_DEPS = frozenset({"advcl", "xcomp", "acl"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})


def _in_protest(tok: Token) -> bool:
    """ "in protest", "in solidarity": a phrase that introduces what a protest is about."""
    return (
        tok.dep_ == "prep"
        and tok.lower_ == "in"
        and any(lemma(p) in cue("in_protest_noun") for p in tok.children)
    )


def _states_purpose(tok: Token) -> bool:
    """A clause or phrase saying what a protest is for ("to demand", "over a bill",
    "in protest of"; "at ..." after "in protest", wherever the parser hangs it)."""
    if tok.dep_ in PURPOSE_DEPS or _in_protest(tok):
        return True
    if tok.dep_ != "prep":
        return False
    if tok.lower_ == "at":
        return any(_in_protest(c) for c in tok.head.children)
    return tok.lower_ in cue("purpose_prep")


#: Types whose target a purpose clause may name ("opened fire to disperse X").
PURPOSE_TYPES = frozenset({"PROTEST", "ASSAULT", "COERCE"})


def aimed_targets(anchors: list[Token], agents: list[Mention], args: Arguments,
                   places: bool = True) -> list[Mention]:  # fmt: skip
    """Whom a protest, or force, without a stated target is aimed at.

    First whoever its purpose names ("staged demonstrations to demand pay rises from
    X's government", "marched calling for independence from Spain", "a strike over a
    law passed by X", "opened fire to scatter X"); else, for a protest (``places``),
    the country it takes place in, when that is not the protesters' own ("Sudanese
    refugees rioted at a camp in eastern Chad").
    """
    found: list[Mention] = []
    frontier = [c for anchor in anchors for c in anchor.children if _states_purpose(c)]
    while frontier and not found:  # the nearest actors in the purpose, not all of them
        found = [m for tok in frontier if tok.dep_ in ARGUMENT_DEPS
                 for m in args.actors(tok) if m not in agents]  # fmt: skip
        frontier = [c for tok in frontier for c in tok.children]
    if found or not places:
        return found
    own = {a.country for a in agents}
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ != "prep" or prep.lower_ not in cue("place_prep"):
                continue
            for tok in prep.subtree:  # "at a camp in eastern Chad"
                if tok.dep_ == "pobj":
                    found += [m for m in args.actors(tok) if m.type == "COUNTRY"
                              and m.country and m.country not in own]  # fmt: skip
    return found
