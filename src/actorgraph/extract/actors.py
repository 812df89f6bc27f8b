"""Find actor mentions in a parsed document: named entities, demonyms, seats, roles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from actorgraph import knowledge
from actorgraph.dictionary import IGNORE, ActorDictionary, Entry
from actorgraph.extract.lexicon import cue as cue_words
from actorgraph.nlp import lemma

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
# Dependencies by which a modifier joins the noun it describes, inside one noun phrase.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


@dataclass
class Mention:
    """One place where the text names an actor.

    ``start``/``end`` are token indices in the spaCy doc. ``key`` identifies the actor
    within the document before resolution ("RUS", "org:nato", "person:vladimir putin").
    """

    start: int
    end: int
    name: str
    type: str  # PERSON, ORG or COUNTRY
    country: str | None = None
    roles: set[str] = field(default_factory=set)
    absorbed: bool = False  # a modifier of another actor's name: an attribute, not a participant
    key: str = ""
    description: str | None = None  # "the French president": may refer to a person named earlier
    city: str | None = None  # the country of a city named here: a place, not an actor
    #: a guess at the country of a person the text does not place ("-": doubted);
    #: never ``country`` itself (see :func:`infer_home_countries`)
    inferred_country: str | None = None

    def __post_init__(self) -> None:
        # the text may hold a run of spaces inside a name ("Benjamin  Netanyahu")
        self.name = " ".join(self.name.split())

    def tokens(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


def clean_name(span: Span) -> tuple[str, int]:
    """Return the name without a leading article, honorific or title, and the tokens dropped."""
    tokens = list(span)
    dropped = 0
    titles = knowledge.title_words()
    honorifics = knowledge.honorifics()
    while len(tokens) > 1:
        low = tokens[0].lower_.rstrip(".")
        if low in cue_words("article") or low in honorifics or low in titles:
            tokens.pop(0)
            dropped += 1
            continue
        break
    while tokens and tokens[-1].tag_ == "POS" or (tokens and tokens[-1].is_punct):
        tokens.pop()
    text = "".join(t.text_with_ws for t in tokens).strip()
    if text.endswith("'s") or text.endswith("\u2019s"):
        text = text[:-2]
    return text, dropped


def _person_key(name: str) -> str:
    return "person:" + knowledge.normalise(name)


def _mention_for_entity(ent: Span) -> Mention | None:
    name, dropped = clean_name(ent)
    if not name or not any(c.isalpha() for c in name):
        return None
    start = ent.start + dropped
    label = ent.label_
    found = seat_or_org(name)
    if found:
        canon, kind, country = found
        return Mention(
            start, ent.end, canon, kind, country, key=f"org:{knowledge.normalise(canon)}"
        )
    if label in ("GPE", "NORP", "LOC", "ORG", "FAC", "PERSON"):
        # The small model tags some countries and capitals as persons ("Mali", "Dakar").
        code = knowledge.country_code(name)
        # ("Ugandan officials": a demonym the tagger took for a person)
        demonym_as_person = (
            label == "PERSON" and len(ent) == 1 and ent[0].dep_ in ("amod", "compound")
        )
        if code is None and (label in ("NORP", "GPE") or demonym_as_person):
            code = knowledge.demonym_country(name)
            if code and ent[-1].tag_ in ("NNPS", "NNS") and name.endswith("s"):
                # "Palestinians", "the Russians": the people, named as the text names them;
                # "ethnic Albanians" are a people of their own, wherever they live
                if start > 0 and ent.doc[start - 1].lower_ == "ethnic":
                    start -= 1
                    name = f"{ent.doc[start].text} {name}"
                return Mention(start, ent.end, name, "ORG", code,
                               key=f"org:{knowledge.normalise(name)}")  # fmt: skip
        if code:
            canon = knowledge.country_name(code) or name
            return Mention(start, ent.end, canon, "COUNTRY", code, key=code)
    if label != "GPE" and _names_a_thing(ent, name):
        return None
    affiliated = (
        _affiliation_prefix(ent.doc[start : ent.end]) if label in ("PERSON", "ORG") else None
    )
    if label == "PERSON" and affiliated is None and _after_org_noun(ent.doc, start):
        label = "ORG"  # "the law firm Tods Murray", "the movement Opus Dei"
    # "Labour MP Ann Clwyd" tagged ORG: a party, a title, then a name is a person
    titled = affiliated is not None and affiliated[2] and ent[-1].tag_ == "NNP"
    if label == "PERSON" or _after_person_title(ent, dropped) or titled:
        country = _title_country_before(ent, dropped)
        if affiliated is not None:
            # "Tory Liam Fox", "Lib Dem MP Lembit Opik": a party or body before a
            # person's name is their affiliation, not part of the name
            start, code, _ = affiliated
            name = clean_name(ent.doc[start : ent.end])[0]
            country = country or code
        return Mention(start, ent.end, name, "PERSON", country, key=_person_key(name))
    if label == "ORG":
        country = None
        first = ent[dropped] if dropped < len(ent) else ent[0]
        if len(ent) - dropped > 1:
            country = knowledge.country_code(first.text) or knowledge.demonym_country(first.text)
        country = country or _country_of_name(name)
        return Mention(start, ent.end, name, "ORG", country, key=f"org:{knowledge.normalise(name)}")
    if label == "NORP":
        # Parties and movements ("Republicans", "Tories"); religions and ethnic groups
        # are generic groups, not actors, unless a dictionary says otherwise.
        if (
            name[:1].isupper()
            and name.endswith("s")
            and name.lower() not in cue_words("generic_group")
        ):
            return Mention(start, ent.end, name, "ORG", key=f"org:{knowledge.normalise(name)}")
    if label == "GPE":
        if _names_a_thing(ent, name):
            return None
        key = f"place:{knowledge.normalise(name)}"
        # A state, province or nation within a country ("Scotland", "California")
        # acts through its own government: an organisation of that country.
        region = knowledge.region_country(name)
        if region:
            return Mention(start, ent.end, name, "ORG", region, key=key)
        # A city is a place, not a country: it stands for a government only where it
        # is the seat (known capitals were found above). It stays a mention until the
        # document's persons are known ("Prescott" may be John Prescott), then goes.
        city = knowledge.city_country(name)
        # A place of unknown country is no country either.
        return Mention(start, ent.end, name, "ORG", key=key, city=city)
    return None


def _country_of_name(name: str) -> str | None:
    """The country that ends an organisation's name after "of": "Muslim Council of
    Britain", "Law Society of Scotland", "Communist Party of China"; else None."""
    words = name.split()
    if len(words) < 3 or "of" not in words[1:-1]:
        return None
    place = " ".join(words[len(words) - 1 - words[::-1].index("of") + 1 :])
    return knowledge.country_code(place) or knowledge.region_country(place)


def _after_org_noun(doc: Doc, start: int) -> bool:
    """Whether a name comes right after a common noun for an organisation, in
    apposition: "the law firm Tods Murray", "the Catholic movement Opus Dei"."""
    if start == 0:
        return False
    before = doc[start - 1]
    return before.tag_ == "NN" and lemma(before) in cue_words("org_noun")


def _affiliation_prefix(span: Span) -> tuple[int, str, bool] | None:
    """Where a person's name starts after a national party or body and the titles that
    follow it ("Lib Dem MP Lembit Opik" starts at "Lembit"), with that body's country
    and whether a title came between; None when the name starts with no such body."""
    titles = knowledge.name_prefixes()
    for width in (3, 2, 1):
        if len(span) < width + 2 or not span[width - 1].text[:1].isupper():
            continue
        found = seat_or_org(span[:width].text)
        if not (found and found[1] == "ORG" and _national(found[2])):
            continue
        start = width
        while len(span) - start > 1 and span[start].lower_.rstrip(".") in titles:
            start += 1
        return span.start + start, found[2], start > width  # type: ignore[return-value]
    return None


def _names_a_thing(ent: Span, name: str) -> bool:
    """Whether a name is a weapon, vessel, aircraft, installation, product, unit or
    currency rather than an actor: "the frigate Stark", "Frog missiles", "the Sassan oil
    platform", "bpd", "dinars", a lower-case "kingdom"."""
    words = name.split()
    if len(words) == 1 and (name.islower() or knowledge.non_actor_kind(name)):
        return True
    root = ent.root
    # a noun in apposition before the name, as in "the frigate Stark"
    for child in root.children:
        if child.i < ent.start and child.dep_ in ("compound", "nmod", "amod", "appos"):
            kind = knowledge.non_actor_kind(child.lower_)
            if kind and kind not in ("common", "unit", "currency"):
                return True
    # ... or right before it, however the parser attached the two
    if ent.start > 0:
        before = ent.doc[ent.start - 1]
        kind = knowledge.non_actor_kind(before.lower_)
        if before.tag_ in ("NN", "NNS") and kind and kind not in ("common", "unit", "currency"):
            return True
    # the name modifying such a noun, as in "Frog missiles", "Sassan oil platform"
    tok = root
    for _ in range(3):
        if tok.dep_ not in ("compound", "nmod") or tok.head.i < ent.end - 1:
            break
        tok = tok.head
        kind = knowledge.non_actor_kind(tok.lower_)
        if kind and kind not in ("common",):
            return True
    return False


def _title_country_before(ent: Span, dropped: int) -> str | None:
    """The country of an office or honorific just before or at the start of a name
    ("Home Secretary Charles Clarke", "Lord Falconer"; see ``title_countries.tsv``)."""
    doc = ent.doc
    end = ent.start + dropped
    for width in (4, 3, 2, 1):
        start = end - width
        if start < 0:
            continue
        code = knowledge.title_country(doc[start:end].text)
        if code:
            # "U.S. Defence Secretary Caspar Weinberger": a country named before the
            # office is the office's country
            return _country_ending_at(doc, start - 1) or code
    return None


def _country_ending_at(doc: Doc, end: int) -> str | None:
    """The code of a country or demonym whose name ends at token ``end`` ("U.S.",
    "United States", "French"), skipping a possessive ("Britain's"); else None."""
    if end >= 0 and doc[end].lower_ in ("'s", "’s"):
        end -= 1
    for width in (3, 2, 1):
        start = end - width + 1
        if start < 0:
            continue
        text = doc[start : end + 1].text
        code = knowledge.country_code(text) or knowledge.demonym_country(text)
        if code:
            return code
    return None


def _after_person_title(ent: Span, dropped: int) -> bool:
    """A name right after a person's title or honorific is a person, whatever the tagger says
    ("Chancellor Olaf Scholz" tagged ORG)."""
    titles = knowledge.name_prefixes()
    inside = [t.lower_.rstrip(".") for t in ent[:dropped]]
    before = ent.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
    last_word = inside[-1] if inside else before
    if last_word not in titles or not ent[-1].text[:1].isupper():
        return False
    return not (knowledge.country_code(ent.text) or knowledge.organisation(ent.text))


def seat_or_org(name: str) -> tuple[str, str, str | None] | None:
    """A seat of government or a known organisation: (canonical name, type, country)."""
    found = knowledge.seat(name)
    if found:
        return found
    org = knowledge.organisation(name)
    if org:
        return org[0], "ORG", org[1]
    return None


def _name_as_noun(tok: Token) -> bool:
    """A capitalised word the tagger took for a common noun that acts as a name: "Labour
    and the Liberal Democrats say" (but not "Labour costs rose")."""
    return (
        tok.tag_ == "NN"
        and tok.text[:1].isupper()
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")
        and not any(c.dep_ in ("det", "amod", "compound") for c in tok.children)
    )


def _name_before_role(tok: Token) -> bool:
    """A capitalised word the tagger took for a common noun that modifies a title or a
    name: "Labour MP Stephen Pound", "Labour's John Prescott" (but not "Labour costs")."""
    head = tok.head
    return (
        tok.tag_ == "NN"
        and tok.text[:1].isupper()
        and tok.dep_ in ("compound", "poss", "nmod", "amod")
        and head.i > tok.i
        and (_is_title(head) or head.tag_ == "NNP" and head.ent_type_ == "PERSON")
    )


def _unlabelled_mentions(doc: Doc, taken: set[int]) -> Iterator[Mention]:
    """Proper nouns and demonyms the entity recogniser missed, found in the knowledge files."""
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not (
            tok.pos_ == "PROPN"
            or tok.tag_ in ("NNP", "NNPS", "JJ", "NNS")
            or _name_as_noun(tok)
            or _name_before_role(tok)
        ):
            i += 1
            continue
        hit = None
        for width in (3, 2, 1):
            if i + width > n or any(j in taken for j in range(i, i + width)):
                continue
            span = doc[i : i + width]
            if not span[-1].text[:1].isupper():
                continue
            found = seat_or_org(span.text)
            if found:
                canon, kind, country = found
                hit = Mention(i, i + width, canon, kind, country,
                              key=f"org:{knowledge.normalise(canon)}")  # fmt: skip
                break
            if tok.pos_ == "PROPN":
                code = knowledge.country_code(span.text)
                if code:
                    canon = knowledge.country_name(code) or span.text
                    hit = Mention(i, i + width, canon, "COUNTRY", code, key=code)
                    break
        if hit is None and tok.text[:1].isupper() and tok.tag_ in ("JJ", "NNPS", "NNS"):
            code = knowledge.demonym_country(tok.text)
            if code:
                canon = knowledge.country_name(code) or tok.text
                hit = Mention(i, i + 1, canon, "COUNTRY", code, key=code)
        if hit:
            yield hit
            i = hit.end
        else:
            i += 1


def find_mentions(
    doc: Doc, dictionary: ActorDictionary | None = None, date: str | None = None
) -> list[Mention]:
    """Return the actor mentions of a parsed doc, in text order, with modifiers absorbed.

    A country or organisation named inside another actor's name or title ("US
    Secretary of State Antony Blinken", "Russian news agency Sputnik") gives that actor
    its country and is marked ``absorbed``: it is an attribute, not a participant.
    A user's actor dictionary wins over the model: its names and aliases are found
    wherever they occur, and its name, type and country (for the document's date)
    replace what the model guessed.
    """
    mentions: list[Mention] = []
    taken: set[int] = set()
    if dictionary:
        for m in _dictionary_mentions(doc, dictionary, date):
            if m.type != IGNORE:  # an ignored name is no actor, and no part of one
                mentions.append(m)
            taken.update(range(m.start, m.end))
    things: set[str] = set()
    for ent in doc.ents:
        # the tagger takes some groups for products ("the G-20", "M-23 rebels")
        known = ent.label_ == "PRODUCT" and seat_or_org(clean_name(ent)[0]) is not None
        if ent.label_ not in ENTITY_LABELS and not known:
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        ent = _widen_to_known_name(doc, ent, taken)
        if ent.label_ == "PERSON":
            ent = _cut_at_dash(ent)
        m = _mention_for_entity(ent)
        if m is None and ent.label_ != "GPE" and _names_a_thing(ent, clean_name(ent)[0]):
            things.add(knowledge.normalise(clean_name(ent)[0]))
        if m is not None and dictionary:
            _apply_entry(m, dictionary.lookup(m.name), date)
        if m is None:
            continue
        if m.type == IGNORE:
            taken.update(range(ent.start, ent.end))
            continue
        mentions.append(m)
        taken.update(range(ent.start, ent.end))
    mentions.extend(_unlabelled_mentions(doc, taken))
    mentions.sort(key=lambda m: m.start)
    _agree_on_persons(mentions)
    _places_taken_for_persons(doc, mentions)
    # Cities (and the names of things found as such once: "the frigate Stark", then
    # "the Stark") are no actors anywhere in the document.
    mentions = [m for m in mentions if m.city is None
                and not (things and not (m.type == "COUNTRY" and m.country)
                         and knowledge.normalise(m.name) in things)]  # fmt: skip
    if date:
        _date_countries(mentions, date)
    _foreign_acronyms(doc, mentions)
    mentions.extend(_name_part_mentions(doc, mentions))
    mentions.sort(key=lambda m: m.start)
    mentions.extend(_group_mentions(doc, mentions))
    mentions.sort(key=lambda m: m.start)
    _absorb_modifiers(doc, mentions)
    _made_in(doc, mentions)
    _adjacent_affiliations(doc, mentions)
    _home_offices(doc, mentions)
    infer_home_countries(doc, mentions)
    return mentions


#: Tokens read on either side of a name for the body or country of its title.
_AFFILIATION_REACH = 6


def _affiliation_at(
    doc: Doc, end: int, index: dict[int, Mention], titles: Iterable[str] = ()
) -> str | None:
    """The country of a national body, a country or a demonym whose name ends at token
    ``end`` (inclusive): "Labour", "Lib Dem", "Welsh", "Australia"; or, when the
    ``titles`` that follow it name an office held for a place (``place_offices.txt``),
    of a city or region ("Middlesbrough mayor"); else None."""
    if end < 0 or not doc[end].text[:1].isalpha():
        return None  # "arms to Iran, Reagan said": a comma ends the title phrase
    owner = index.get(end)
    if owner is not None and owner.type != "PERSON" and owner.end - 1 == end:
        # a group of a country's that the name's title is part of ("Tory MP")
        return owner.country if _national(owner.country) else None
    for width in (3, 2, 1):
        start = end - width + 1
        if start < 0 or not doc[start].text[:1].isupper():
            continue
        if any(t.is_punct for t in doc[start : end + 1]):
            continue
        if any(index[i].type == "PERSON" for i in range(start, end + 1) if i in index):
            return None
        text = doc[start : end + 1].text
        found = seat_or_org(text)
        if found and _national(found[2]):
            return found[2]
        code = knowledge.country_code(text) or knowledge.demonym_country(text)
        if code:
            return code
        # the city or region of an office ("Middlesbrough mayor Ray Mallon"), not of a
        # spokesman ("Saga spokesman": a company, whatever town shares its name)
        if knowledge.place_offices() & set(titles) and all(
            t.tag_ in ("NNP", "NNPS", "") for t in doc[start : end + 1]
        ):
            code = knowledge.city_country(text) or knowledge.region_country(text)
            if code:
                return code
    return None


def _apposition_closes(doc: Doc, i: int, end: int) -> bool:
    """Whether an apposition ends at token ``i``: at a comma, a bracket, a dash or the
    end of the sentence, or after a short "for"/"of" phrase that ends so ("the Labour
    MP for Leicester East, said")."""
    closing = {",", ";", ")", "-", "\u2013", "\u2014"}
    if i >= end or doc[i].text in closing or (i == end - 1 and doc[i].is_punct):
        return True
    if doc[i].lower_ in ("for", "of"):
        return any(doc[j].text in closing for j in range(i + 1, min(i + 6, end))) or (i + 6 >= end)
    return False


def _adjacent_affiliations(doc: Doc, mentions: list[Mention]) -> None:
    """Read a person's country and titles from the words next to their name, without a
    parse (selective parsing leaves most sentences unparsed): a party, body, country or
    demonym before the titles that lead into the name ("Labour's Elizabeth Blackman",
    "Welsh Health Minister Jane Hutt", "UKIP leader Roger Knapman") or in an
    apposition right after it ("John Prescott, the Labour deputy leader")."""
    index = mention_index(mentions)
    parts = knowledge.title_parts()
    titles = knowledge.title_words()
    for m in mentions:
        if m.type != "PERSON" or m.absorbed:
            continue
        sent = doc[m.start].sent
        seen: list[str] = []
        country = None
        # before the name: [body or country] ['s] [title words] NAME
        j = m.start - 1
        while j >= max(sent.start, m.start - _AFFILIATION_REACH):
            word = doc[j].lower_.rstrip(".")
            if word in ("'s", "’s") or (word in parts and j not in index):
                seen.append(word)
                j -= 1
                continue
            country = _affiliation_at(doc, j, index, seen)
            break
        if country is None and seen:
            # "Shadow Home Secretary David Davis": the title alone may say the country
            phrase = [w for w in reversed(seen) if w not in ("'s", "\u2019s")]
            country = knowledge.title_country(" ".join(phrase))
        # ... or after it: NAME, [the|a] [body or country] title words
        k = m.end
        if country is None and k + 1 < sent.end and doc[k].text == ",":
            k += 1
            if doc[k].lower_ in ("the", "a", "an"):
                k += 1
            for width in (0, 1, 2, 3):
                after = k + width
                if after < sent.end and doc[after].lower_ in parts:
                    words = []
                    while after < sent.end and doc[after].lower_ in parts:
                        words.append(doc[after].lower_)
                        after += 1
                    # closed, as an apposition is ("In a letter to Xi Jinping, the
                    # Philippine president demanded ..." is none)
                    if not _apposition_closes(doc, after, sent.end):
                        continue
                    if width == 0:
                        # "Charles Clarke, the home secretary, said": the title alone
                        seen += words
                        country = knowledge.title_country(" ".join(words))
                        break
                    country = _affiliation_at(doc, k + width - 1, index, words)
                    if country:
                        seen += words
                        break
        if country is None:
            found = _body_after(doc, m, index, sent.end)
            if found is not None:
                country, words = found
                seen += words
        m.roles.update(w for w in seen if w in titles and w not in knowledge.honorifics())
        if country and not m.country:
            m.country = country


#: Words that tie a name, or the title after it, to the body it speaks for.
_BODY_PREPS = ("of", "for", "from", "at")


def _body_after(
    doc: Doc, m: Mention, index: dict[int, Mention], end: int
) -> tuple[str, list[str]] | None:
    """The country of the national body a person speaks for, named right after their
    name, with the title words on the way: "Peter Saunders of the Home Office", "Tim
    Smith, from the Labour Party", "Tim Smith, a spokesman for the Foreign Office",
    "Jane Roe, head of the BBC", "Ali Khan, prime minister of Pakistan"; None when no
    such body follows."""
    parts = knowledge.title_parts()
    k = m.end
    comma = k < end and doc[k].text == ","
    if comma:
        k += 1
        if k < end and doc[k].lower_ in ("the", "a", "an"):
            k += 1
    words: list[str] = []
    while k < end and doc[k].lower_ in parts and k not in index and len(words) < 4:
        words.append(doc[k].lower_)
        k += 1
    # a title after a name is an apposition only after a comma ("Smith, head of")
    if (words and not comma) or k >= end or doc[k].lower_ not in _BODY_PREPS:
        return None
    if not words and doc[k].lower_ not in ("of", "from"):
        return None  # "Smith for the BBC" is no title
    k += 1
    if k < end and doc[k].lower_ == "the":
        k += 1
    body = index.get(k)
    if body is None or body.start != k or not _national(body.country):
        return None
    # a body, or a country only as what a title is of ("prime minister of Pakistan")
    if not (body.type == "ORG" or (body.type == "COUNTRY" and words)):
        return None
    return body.country, words  # type: ignore[return-value]


#: Sectors of the bodies that show whose government a document is about.
_STATE_SECTORS = frozenset({"GOV", "LEG", "PTY"})


def home_government(mentions: list[Mention]) -> str | None:
    """The one country whose government, parliament, parties or office holders a
    document names ("Labour", "the Home Office", "Iraqi Prime Minister Ayad Allawi"),
    or None when it names none or those of several countries."""
    codes = {
        m.country
        for m in mentions
        if m.type in ("ORG", "PERSON")
        and _national(m.country)
        and knowledge.sector_of(m.name, m.type, m.country, tuple(m.roles)) in _STATE_SECTORS
    }
    return codes.pop() if len(codes) == 1 else None  # type: ignore[return-value]


def _home_offices(doc: Doc, mentions: list[Mention]) -> None:
    """Give a minister or an MP without a country the country of the government the
    document is about (:func:`home_government`), unless their sentence names another
    country: "Deputy Prime Minister John Prescott" in an article on Labour's plans."""
    offices = knowledge.national_offices()
    holders = [m for m in mentions if m.type == "PERSON" and not m.country and m.roles & offices]
    if not holders:
        return
    home = home_government(mentions)
    if home is None:
        return
    for m in holders:
        named = _sentence_countries(doc, m, mentions)
        if named <= {home}:
            m.country = home


def _sentence_countries(doc: Doc, m: Mention, mentions: list[Mention]) -> set[str]:
    """The countries (ISO codes) that the mentions of a mention's sentence carry."""
    sent = doc[m.start].sent
    return {
        o.country
        for o in mentions
        if o.country and sent.start <= o.start < sent.end and _national(o.country)
    }


def infer_home_countries(doc: Doc, mentions: list[Mention]) -> None:
    """Guess the country of each person the text does not place: the country of the
    government the document is about (:func:`home_government`) when it is also the
    document's main country (that of more than half of the mentions that carry a
    country: a market report quoting one oil minister is about no one country), where
    the person's sentence names no other country; "-" (a doubt) where it does.

    A guess is no statement: it goes to ``inferred_country``, never to ``country``,
    and corpus-wide resolution takes it only when every document that guesses agrees
    (see :func:`actorgraph.resolve.resolve_corpus`).
    """
    unplaced = [m for m in mentions if m.type == "PERSON" and not m.country]
    if not unplaced:
        return
    home = home_government(mentions)
    placed = [m.country for m in mentions if _national(m.country)]
    if home is None or 2 * placed.count(home) <= len(placed):
        return
    for m in unplaced:
        named = _sentence_countries(doc, m, mentions)
        m.inferred_country = home if named <= {home} else "-"


def _date_countries(mentions: list[Mention], date: str) -> None:
    """Give each mention the code of the state its country was on the document's date:
    "Moscow" in 1987 is the Soviet Union (see :func:`knowledge.country_on`)."""
    for m in mentions:
        if not m.country:
            continue
        code = knowledge.country_on(m.country, date)
        if code == m.country:
            continue
        if m.type == "COUNTRY" and m.key == m.country:
            m.key = code
            m.name = knowledge.country_name(code) or m.name
        m.country = code


#: Fewest mentions placed in other countries that make a national body's acronym,
#: alone with its country in a document, doubtful.
_FOREIGN_SIGNS = 2


def _made_in(doc: Doc, mentions: list[Mention]) -> None:
    """A country or demonym joined by a hyphen to a participle of origin ("Chinese-made
    missiles", "Soviet-built tankers") says where a thing comes from: it is an attribute
    of the thing, not a party to what the sentence says."""
    made = cue_words("made_in")
    for m in mentions:
        if (
            m.type == "COUNTRY"
            and m.end + 1 < len(doc)
            and doc[m.end].text == "-"
            and doc[m.end + 1].lower_ in made
        ):
            m.absorbed = True


def _foreign_acronyms(doc: Doc, mentions: list[Mention]) -> None:
    """A national body's acronym in a document that places actors in other countries
    only, and never in that body's, is not taken for that body: another country's body
    may share the letters ("BNP", the Bangladesh Nationalist Party, in a story on
    British politics is the British National Party). It stays a name of its own, with
    no country. An acronym in a document that places nothing keeps its body ("FBI")."""
    suspects = []
    for m in mentions:
        text = doc[m.start : m.end].text
        if (
            m.type == "ORG"
            and _national(m.country)
            and 2 <= len(text) <= 6
            and text.isalpha()
            and text.isupper()
            and knowledge.normalise(text) != knowledge.normalise(m.name)
        ):
            suspects.append(m)
    if not suspects:
        return
    chosen = {id(m) for m in suspects}
    signs: dict[str, int] = {}
    for m in mentions:
        if id(m) not in chosen and _national(m.country):
            signs[m.country] = signs.get(m.country, 0) + 1  # type: ignore[index]
    if sum(signs.values()) < _FOREIGN_SIGNS:
        return
    for m in suspects:
        if signs.get(m.country or "", 0) == 0:
            m.name = doc[m.start : m.end].text
            m.country = None
            m.key = f"org:{knowledge.normalise(m.name)}"


def _name_part_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Later mentions of a person by the first or last part of a name the document
    gave in full ("Chaturon thanked" after "Chaturon Chaisang"), or of an
    organisation by its acronym-like first word ("IBM" after "IBM Research"), which the
    entity recogniser missed.

    Only capitalised proper nouns after the full name, and only a part that belongs to
    one person of the document, are taken.
    """
    owners: dict[str, set[str]] = {}
    first_seen: dict[str, int] = {}
    orgs: dict[str, Mention] = {}
    for m in mentions:
        words = m.name.split()
        if m.type == "ORG" and m.end - m.start == 1 and doc[m.start].text[:1].isupper():
            # "Airbus" named again where the recogniser missed it
            orgs.setdefault(doc[m.start].text, m)
            first_seen.setdefault(doc[m.start].text, m.end)
            continue
        if len(words) < 2:
            continue
        if m.type == "ORG" and words[0].isupper() and len(words[0]) >= 2 and words[0].isalpha():
            # "IBM" after "IBM Research": an organisation's acronym-like first word
            orgs.setdefault(words[0], m)
            first_seen.setdefault(words[0], m.end)
            continue
        if m.type != "PERSON":
            continue
        for part in (words[0], words[-1]):
            if (
                len(part) >= 3
                and part[:1].isupper()
                and part.lower() not in cue_words("not_name_part")
            ):
                owners.setdefault(part, set()).add(m.name)
                first_seen[part] = min(first_seen.get(part, m.end), m.end)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    for tok in doc:
        org = orgs.get(tok.text)
        if (
            org is not None
            and tok.i not in taken
            and tok.i >= first_seen[tok.text]
            and (
                len(org.name.split()) == 1
                or tok.i + 1 >= len(doc)
                or doc[tok.i + 1].text != org.name.split()[1]
            )
        ):
            out.append(Mention(tok.i, tok.i + 1, org.name, "ORG", org.country, key=org.key))
            continue
        names = owners.get(tok.text)
        if (
            names is None
            or len(names) != 1
            or tok.i in taken
            or tok.i < first_seen[tok.text]
            or tok.pos_ not in ("PROPN", "")
        ):
            continue
        out.append(Mention(tok.i, tok.i + 1, tok.text, "PERSON", key=_person_key(tok.text)))
    return out


def _widen_to_known_name(doc: Doc, ent: Span, taken: set[int]) -> Span:
    """The tagger sometimes cuts a name short ("Liberal" + "Democrats"): take the capitalised
    words just before it when together they name a known organisation."""
    for width in (2, 1):
        start = ent.start - width
        if start < 0 or any(i in taken for i in range(start, ent.start)):
            continue
        words = doc[start : ent.start]
        if not all(t.text[:1].isupper() for t in words):
            continue
        wider = doc[start : ent.end]
        if seat_or_org(wider.text):
            return Span(doc, start, ent.end, label=ent.label_)
    return ent


def _entry_key(kind: str, name: str, country: str | None) -> str:
    if kind == "COUNTRY" and country:
        return country
    return ("person:" if kind == "PERSON" else "org:") + knowledge.normalise(name)


def _apply_entry(m: Mention, entry: Entry | None, date: str | None) -> None:
    if entry is None:
        return
    role = entry.role_on(date)
    m.name = entry.name
    m.type = entry.type or m.type
    m.country = role.country or m.country
    m.key = _entry_key(m.type, m.name, m.country)


def _dictionary_mentions(doc: Doc, dictionary: ActorDictionary, date: str | None) -> list[Mention]:
    """Every place where a dictionary name or alias occurs as whole tokens (case ignored)."""
    forms: dict[str, list[tuple[list[str], Entry]]] = {}
    for name, entry in dictionary.surface_forms():
        words = [t.lower() for t in name.replace("\u2019", "'").split()]
        if words:
            forms.setdefault(words[0], []).append((words, entry))
    out: list[Mention] = []
    i = 0
    lowered = [t.lower_ for t in doc]
    while i < len(doc):
        hit = None
        for words, entry in forms.get(lowered[i], ()):
            if lowered[i : i + len(words)] == words:
                hit = (len(words), entry)
                break
        if hit is None:
            i += 1
            continue
        width, entry = hit
        role = entry.role_on(date)
        kind = entry.type or "ORG"
        out.append(Mention(i, i + width, entry.name, kind, role.country,
                           key=_entry_key(kind, entry.name, role.country)))  # fmt: skip
        i += width
    return out


def _group_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Unnamed groups and office holders tied to a named actor: "Kenyan diplomats",
    "Romania's new government", "a top U.S. official", "Malian rebels".

    The country or organisation that qualifies the group becomes its country (and is an
    attribute, not a participant of its own). A title followed by a name ("President
    Obama") or in apposition with one is part of that person, not a group.
    """
    index = mention_index(mentions)
    groups = cue_words("group_noun")
    out: list[Mention] = []
    for tok in doc:
        if tok.i in index or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        word = tok.lower_
        two = f"{doc[tok.i - 1].lower_} {word}" if tok.i > 0 else ""
        people = tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS")  # "Syrian Kurds"
        if word not in groups and lemma(tok) not in groups and two not in groups and not people:
            continue
        if any(c.dep_ == "compound" and lemma(c) in cue_words("institution")
               for c in tok.children) and lemma(tok) in cue_words("member_noun"):  # fmt: skip
            continue  # "Turkish intelligence officials": the institution, made below
        # "Turkish army tanks shelled ...": what a group's machines do, it does;
        # "Turkish intelligence officials met ...": its officials speak for it
        member_of = (
            tok.dep_ == "compound"
            and lemma(tok) in cue_words("institution")
            and lemma(tok.head) in cue_words("member_noun")
        )
        acts_through = member_of or (
            tok.dep_ == "compound"
            and tok.head.dep_ == "nsubj"
            and tok.head.pos_ == "NOUN"
            and tok.head.lower_ not in groups
            and lemma(tok.head) not in groups
            and not _is_title(tok.head)
        )
        if (tok.dep_ in ("compound", "amod") and not acts_through) or _appositive_person(
            tok, index
        ) is not None:
            continue
        modifiers = [*tok.children] + ([c for c in tok.head.children if c.i < tok.i]
                                       if acts_through else [])  # fmt: skip
        owners = [index[c.i] for c in modifiers
                  if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i in index
                  and index[c.i].type in ("COUNTRY", "ORG")]  # fmt: skip
        if (
            owners
            and tok.tag_ in ("NNS", "NNPS")
            and lemma(tok) not in cue_words("singular_role")
            and all(o.type == "ORG" and o.name.lower().split()[-1] not in groups
                    and not knowledge.demonym_country(o.name.split()[-1]) for o in owners)
        ):  # fmt: skip
            continue  # "Hamas militants", "Taliban fighters": the organisation itself
        faith = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")
                 and c.ent_type_ == "NORP" and c.i not in index]  # fmt: skip
        if not owners and (faith or people) and tok.tag_ in ("NNS", "NNPS"):
            # "Islamic fundamentalists", "Moslem demonstrators", "Kurds": a named people
            # or faith, with no country
            start = min([c.i for c in faith] + [tok.i])
            name = doc[start : tok.i + 1].text.strip()
            out.append(Mention(start, tok.i + 1, name, "ORG", None,
                               key=f"org:{knowledge.normalise(name)}"))  # fmt: skip
            continue
        if not owners:
            # "Security forces in Mali", "rebels from Tigray": a group placed in a country
            placed = [
                (prep, pobj)
                for prep in tok.children
                if prep.dep_ == "prep" and prep.lower_ in cue_words("placing_prep")
                for pobj in prep.children
                if pobj.dep_ == "pobj"
                and pobj.i in index
                and (index[pobj.i].type == "COUNTRY" or index[pobj.i].key.startswith("place:"))
            ]
            if (
                placed
                and tok.tag_ in ("NNS", "NNPS")
                and lemma(tok) not in cue_words("singular_role")
            ):
                prep, pobj = placed[0]
                owner = index[pobj.i]
                start = tok.i
                for c in tok.children:
                    if c.dep_ in ("amod", "compound") and c.i < tok.i:
                        start = min(start, c.i)
                name = doc[start : owner.end].text.strip()
                out.append(Mention(start, owner.end, name, "ORG", owner.country,
                                   key=f"org:{knowledge.normalise(name)}"))  # fmt: skip
                owner.absorbed = True
            continue
        shared = [
            index[c.i]
            for o in owners
            for c in doc[o.start : o.end].root.conjuncts
            if c.i in index and index[c.i].type in ("COUNTRY", "ORG") and index[c.i] not in owners
        ]
        if shared and all(o.end - o.start == 1 for o in owners):
            # "Chilean and Argentine officials": two groups, one for each country.
            for o in (*owners, *shared):
                o.name = f"{doc[o.start].text} {tok.text}"
                o.type = "ORG"
                o.key = f"org:{knowledge.normalise(o.name)}"
            continue
        left = [c for c in modifiers if c.dep_ in ("amod", "compound", "poss", "nmod", "nummod")
                and c.i < tok.i]  # fmt: skip
        start = min(min(t.left_edge.i for t in left), tok.i)
        while start < tok.i and doc[start].dep_ in ("det", "predet") or doc[start].is_punct:
            start += 1
        # "more than 1,000 Sudanese refugees" is the group "Sudanese refugees".
        # ... and "angry Kenyan farmers", "top Syrian officials" are "Kenyan farmers",
        # "Syrian officials": rank and mood are no part of who the group is.
        kept = [t for t in doc[start : tok.i + 1]
                if t.i == tok.i or (t.pos_ not in ("NUM", "DET", "ADV", "ADP")
                                    and t.dep_ not in ("nummod", "quantmod", "det", "predet")
                                    and t.lower_ not in cue_words("quantity")
                                    and t.lower_ not in cue_words("group_trim"))]  # fmt: skip
        start = kept[0].i
        name = "".join(t.text_with_ws for t in kept).strip()
        owner = owners[0]
        role = two if two in groups else lemma(tok)
        singular = role in cue_words("singular_role") and tok.tag_ == "NN"
        out.append(
            Mention(
                start, tok.i + 1, name, "ORG", owner.country,
                key=f"org:{knowledge.normalise(name)}",
                description=role if singular else None,
            )
        )  # fmt: skip
        for o in owners:
            o.absorbed = True
    return out


def _agree_on_persons(mentions: list[Mention]) -> None:
    """A name the tagger also calls a person elsewhere in the document is a person.

    The small model tags "Scholz" as a place in one sentence and "Olaf Scholz" as a person
    in another; a name that is the last word(s) of a person's name, and is no known
    country or organisation, is taken to be that person.
    """
    surnames = {knowledge.normalise(m.name).split()[-1] for m in mentions if m.type == "PERSON"}
    full = {knowledge.normalise(m.name) for m in mentions if m.type == "PERSON"}
    for m in mentions:
        if m.type == "PERSON" or not m.key.startswith(("org:", "place:")):
            continue
        norm = knowledge.normalise(m.name)
        if m.country and m.type == "COUNTRY":
            continue
        if seat_or_org(m.name):
            continue
        if norm in full or (len(norm.split()) == 1 and norm in surnames):
            m.type = "PERSON"
            m.country = None
            m.city = None
            m.key = _person_key(m.name)


_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _cut_at_dash(ent: Span) -> Span:
    """A person's name the recogniser ran across a dash between words ("MPs - Keith
    Vaz", "John Prescott - were"): the longest part of capitalised words (the last on
    a tie); a hyphen inside a name ("Kilroy-Silk") cuts nothing."""
    doc = ent.doc
    parts: list[tuple[int, int]] = []
    start = ent.start
    for tok in ent:
        spaced = tok.text in _DASHES and (
            bool(tok.whitespace_) or (tok.i > 0 and bool(doc[tok.i - 1].whitespace_))
        )
        if spaced:
            parts.append((start, tok.i))
            start = tok.i + 1
    if not parts:
        return ent
    parts.append((start, ent.end))
    named = [(a, b) for a, b in parts if b > a and all(t.text[:1].isupper() for t in doc[a:b])]
    if not named:
        return ent
    a, b = max(named, key=lambda p: (p[1] - p[0], p[0]))
    return Span(doc, a, b, label=ent.label_)


def _places_taken_for_persons(doc: Doc, mentions: list[Mention]) -> None:
    """A one-word "person" that the gazetteer knows as a city or region, that the
    document never names as a person (no title or honorific before it, no longer name
    ending with it), and that it puts where places go ("visits Manchester", "in
    Gloucestershire") is that place: a place, not an actor (see ``Mention.city``)."""
    people = [m for m in mentions if m.type == "PERSON"]
    surnames = {
        w
        for m in people
        for w in knowledge.normalise(m.name).split()[1:]
        if len(m.name.split()) > 1
    }
    alone: dict[str, list[Mention]] = {}
    for m in people:
        if len(m.name.split()) == 1:
            alone.setdefault(knowledge.normalise(m.name), []).append(m)
    titles = knowledge.name_prefixes()
    places = cue_words("place_prep")
    for norm, group in alone.items():
        code = knowledge.city_country(group[0].name) or knowledge.region_country(group[0].name)
        if code is None or norm in surnames:
            continue
        if any(m.roles or (m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in titles)
               for m in group):  # fmt: skip
            continue
        if any(m.start > 0 and doc[m.start - 1].lower_ in places for m in group):
            for m in group:
                m.city = code


def mention_index(mentions: list[Mention]) -> dict[int, Mention]:
    """Map each token index to the mention that covers it."""
    index: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index[i] = m
    return index


def _head_of(doc: Doc, m: Mention) -> Token:
    span = m.tokens(doc)
    return span.root


def _is_title(token: Token) -> bool:
    return token.lower_ in knowledge.title_words() or lemma(token) in knowledge.title_words()


def _absorb_modifiers(doc: Doc, mentions: list[Mention]) -> None:
    """Mark mentions that only modify another actor's name or role, and pass on country/roles."""
    index = mention_index(mentions)
    for m in mentions:
        owner, roles = _owner_of(doc, m, index)
        if owner is None:
            continue
        m.absorbed = True
        if m.type == "COUNTRY" and m.country and owner.type != "COUNTRY" and not owner.country:
            owner.country = m.country
        elif (
            m.type == "ORG"
            and owner.type == "PERSON"
            and not owner.country
            and _national(m.country)
        ):
            # "Labour's John Prescott", "Tory leader Michael Howard": the party or body
            # a person speaks for places them
            owner.country = m.country
        owner.roles.update(roles)
    # Roles on the person's own phrase: "Foreign Minister Sergey Lavrov", "the German
    # chancellor, Olaf Scholz".
    for m in mentions:
        if m.type != "PERSON":
            continue
        head = _head_of(doc, m)
        for tok in _role_tokens(head):
            if _is_title(tok):
                m.roles.add(lemma(tok))
                if not m.country:
                    # "Charles Clarke, the home secretary": the office places them
                    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
                    phrase = doc[left[0].i if left else tok.i : tok.i + 1].text
                    m.country = knowledge.title_country(phrase)
        for child in _role_tokens(head):
            if child.dep_ in ("amod", "compound") and child.i not in index:
                code = knowledge.demonym_country(child.text)
                if code and not m.country:
                    m.country = code
            elif (
                child.i in index
                and index[child.i] is not m
                and index[child.i].type in ("ORG", "COUNTRY")
                and _national(index[child.i].country)
                and not m.country
            ):
                # "John Prescott, the Labour deputy leader", "a spokesman for the Home
                # Office, Tim Smith": the body in their title phrase
                m.country = index[child.i].country


def _national(code: str | None) -> bool:
    """Whether a code is a country's (not an international organisation's)."""
    return bool(code) and knowledge.is_valid_country_code(code)  # type: ignore[arg-type]


def _role_tokens(head: Token) -> Iterator[Token]:
    """Tokens of the title phrase attached to a name: its modifiers and appositive."""
    seen: set[int] = set()
    stack = list(head.children)
    if head.dep_ == "appos":
        stack.append(head.head)
    while stack:
        tok = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        if (
            tok.dep_ in MODIFIER_DEPS
            or tok.dep_ in ("appos", "prep", "pobj")
            or tok.i == head.head.i
        ):
            yield tok
            if tok.dep_ != "appos" or tok.head.i == head.i:
                stack.extend(c for c in tok.children if c.dep_ in MODIFIER_DEPS | {"prep", "pobj"})


def _owner_of(doc: Doc, m: Mention, index: dict[int, Mention]) -> tuple[Mention | None, set[str]]:
    """The actor whose name or title phrase this mention modifies, and the roles on the way."""
    if m.type == "PERSON":
        return None, set()
    tok = _head_of(doc, m)
    roles: set[str] = set()
    steps = 0
    while steps < 6:
        steps += 1
        dep = tok.dep_
        if dep in MODIFIER_DEPS:
            nxt = tok.head
        elif (
            dep == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in cue_words("title_prep")
        ):
            nxt = tok.head.head
            if not _is_title(nxt) and nxt.i not in index:
                return None, set()
        else:
            return None, set()
        if nxt.i == tok.i:
            return None, set()
        owner = index.get(nxt.i)
        if owner is not None and owner is not m:
            if owner.type == "COUNTRY" and m.type == "COUNTRY":
                return None, set()
            return owner, roles
        if _is_title(nxt):
            roles.add(lemma(nxt))
            person = _appositive_person(nxt, index)
            if person is not None:
                return person, roles
        if nxt.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None, set()
        tok = nxt
    return None, set()


def _appositive_person(tok: Token, index: dict[int, Mention]) -> Mention | None:
    """A named person in apposition with a title noun ("the French president, Emmanuel Macron")."""
    for child in tok.children:
        if child.dep_ == "appos" and child.i in index and index[child.i].type == "PERSON":
            return index[child.i]
    if tok.dep_ == "appos" and tok.head.i in index and index[tok.head.i].type == "PERSON":
        return index[tok.head.i]
    return None
