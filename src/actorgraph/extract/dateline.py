"""The dateline of a wire story: where it was filed and by whom, not who acts in it.

Agency copy opens with a dateline: "SEOUL -- Secretary of State Colin L. Powell ...",
"BEIJING, Nov. 5 (Xinhua) -- Chinese President Hu Jintao ...", "WASHINGTON (Reuters) -
...", and in feeds that put the outlet first, "AP - Germany declined ..." or "Canadian
Press - VERNON, B.C. (CP) - ...". The entity recogniser reads the outlet into the first
name ("AFP - Kidnapped Briton Margaret Hassan" as one organisation) and the filing place
as a participant; the extractor starts after the dateline instead.
"""

from __future__ import annotations

import re

from actorgraph import knowledge
from actorgraph.extract.candidate import names_outlet

#: A dash that closes a dateline, with space around it (a hyphen inside a word is not one).
_DASH = r"[-\u2013\u2014]{1,2}"
#: "AP - ", "Canadian Press - ", "Reuters - ": up to three capitalised words, a dash.
_OUTLET = re.compile(rf"\s*((?:[A-Z][\w.&']*\s){{0,2}}[A-Z][\w.&']*)\s{_DASH}\s+")
#: "SEOUL -- ", "NEW YORK, March 3 (Reuters) - ", "HONG KONG (Dow Jones)--",
#: "VERNON, B.C. (CP) - ": a place in capitals, what follows it after a comma (a state,
#: a date), the agency in brackets, a dash.
_PLACE = re.compile(
    rf"\s*(?P<place>[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){{0,3}})"
    rf"(?:,\s[^()\n\u2013\u2014]{{1,25}}?)?"
    rf"(?P<agency>\s?\([^()\n]{{1,30}}\))?"
    rf"\s?{_DASH}\s*(?=[^\s\-\u2013\u2014])"
)


def dateline_length(text: str) -> int:
    """How many characters at the start of a text are its dateline (0 when it has none).

    >>> text = "BEIJING, Nov. 5 (Xinhua) -- Chinese President Hu Jintao met ..."
    >>> text[dateline_length(text):]
    'Chinese President Hu Jintao met ...'
    >>> dateline_length("NATO -- the alliance said ...")
    0
    """
    at = 0
    outlet = _OUTLET.match(text)
    if outlet and names_outlet(outlet.group(1)):
        at = outlet.end()
    place = _PLACE.match(text, at)
    if place is not None:
        name = place.group("place")
        # a body or country named in capitals ("NATO -- ...", "US - China talks") is
        # the story's subject, not where it was filed
        letters = sum(c.isalpha() for c in name)
        if place.group("agency") or (letters > 3 and knowledge.organisation(name) is None):
            at = place.end()
    return at
