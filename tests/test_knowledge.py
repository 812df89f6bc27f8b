"""Tests for actorgraph.knowledge: its data files and its lookups."""

from __future__ import annotations

from importlib.resources import files

import pycountry
import pytest

from actorgraph import knowledge as kn


def _rows(filename: str) -> list[list[str]]:
    text = (files("actorgraph") / "data" / filename).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines and lines[0].startswith("#"), f"{filename} must start with a '#' header line"
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in lines
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _no_conflicts(pairs: list[tuple[str, object]]) -> None:
    """Every normalised key maps to one value only."""
    seen: dict[str, tuple[str, object]] = {}
    for alias, value in pairs:
        key = kn._key(alias)
        assert key, f"empty key for {alias!r}"
        if key in seen:
            assert seen[key][1] == value, f"{alias!r} conflicts with {seen[key]!r}"
        seen[key] = (alias, value)


def _valid(code: str) -> bool:
    return kn.is_valid_country_code(code)


# --- data files -------------------------------------------------------------------------


def test_countries_extra_file() -> None:
    rows = _rows("countries_extra.tsv")
    assert len(rows) >= 30
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), "one line per code"
    pairs = []
    for code, names in rows:
        assert _valid(code), code
        assert _aliases(names), code
        pairs += [(name, code) for name in _aliases(names)]
    _no_conflicts(pairs)
    # an extra name never steals another country's pycountry name
    official = {}
    for country in pycountry.countries:
        for name in kn._pycountry_names(country):
            official.setdefault(kn._key(name), country.alpha_3)
    for alias, code in pairs:
        assert official.get(kn._key(alias), code) == code, alias


def test_demonyms_file() -> None:
    rows = _rows("demonyms.tsv")
    assert len(rows) >= 150
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), "one line per code"
    pairs = []
    for code, forms in rows:
        assert _valid(code), code
        pairs += [(form, code) for form in _aliases(forms)]
    _no_conflicts(pairs)
    # demonyms are not country names
    for form, _code in pairs:
        assert kn._key(form) not in kn._country_index().values, form


def test_capitals_file() -> None:
    rows = _rows("capitals.tsv")
    assert len(rows) >= 190
    for row in rows:
        assert len(row) == 2, row
        assert _valid(row[1]), row
    _no_conflicts([(r[0], r[1]) for r in rows])
    # every UN member state has a capital listed
    have = {r[1] for r in rows}
    un_members_sample = {"RUS", "USA", "GBR", "FRA", "CHN", "UKR", "IRN", "ISR", "NGA", "BRA",
                         "TUV", "NRU", "PLW", "KIR", "BTN", "SSD", "MHL", "VCT"}  # fmt: skip
    assert un_members_sample <= have


def test_seats_file() -> None:
    rows = _rows("seats.tsv")
    assert len(rows) >= 20
    for row in rows:
        assert len(row) == 4, row
        assert row[2] in {"ORG", "PERSON", "COUNTRY"}, row
        assert _valid(row[3]), row
    _no_conflicts([(r[0], (r[1], r[2], r[3])) for r in rows])


def test_organisations_file() -> None:
    rows = _rows("organisations.tsv")
    assert 80 <= len(rows) <= 200
    assert not kn.ORGANISATION_CODES & {c.alpha_3 for c in pycountry.countries}
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    pairs = []
    for row in rows:
        assert len(row) in (2, 3), row
        name, code = row[0], row[1]
        assert code == "-" or _valid(code) or code in kn.ORGANISATION_CODES, row
        value = (name, None if code == "-" else code)
        aliases = _aliases(row[2]) if len(row) == 3 else []
        pairs += [(alias, value) for alias in [name, *aliases]]
    _no_conflicts(pairs)
    used = {r[1] for r in rows}
    assert kn.ORGANISATION_CODES <= used, "every documented organisation code is used"


@pytest.mark.parametrize("filename", ["titles.txt", "honorifics.txt"])
def test_word_lists(filename: str) -> None:
    rows = _rows(filename)
    words = [r[0] for r in rows]
    assert all(len(r) == 1 for r in rows)
    assert all(w == w.lower() and w.strip() == w for w in words)
    assert len(words) == len(set(words)), "no duplicates"
    if filename == "titles.txt":
        assert 80 <= len(words) <= 200


def test_pseudo_codes_are_not_iso() -> None:
    for code in kn.PSEUDO_COUNTRY_CODES:
        assert pycountry.countries.get(alpha_3=code) is None
    assert kn.is_valid_country_code("RUS")
    assert kn.is_valid_country_code("XKX")
    assert not kn.is_valid_country_code("UN")
    assert not kn.is_valid_country_code("ZZZ")


# --- normalise ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("U.S.", "us"),
        ("the U.S.'s", "us"),
        ("The  Kremlin's", "kremlin"),
        ("Élysée", "elysee"),
        ("  Côte   d'Ivoire ", "cote d'ivoire"),
        ("Russia’s", "russia"),
        ("Theodore", "theodore"),
        ("RUSSIA", "russia"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert kn.normalise(raw) == expected


# --- country_code ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RUS"),
        ("the Russian Federation", "RUS"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the US", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("United States of America", "USA"),
        ("Britain", "GBR"),
        ("U.K.", "GBR"),
        ("Great Britain", "GBR"),
        ("Iran", "IRN"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Syria", "SYR"),
        ("Taiwan", "TWN"),
        ("Vietnam", "VNM"),
        ("Palestine", "PSE"),
        ("Kosovo", "XKX"),
        ("Germany", "DEU"),
        ("Federal Republic of Germany", "DEU"),
        ("Republic of Korea", "KOR"),
        ("Democratic Republic of the Congo", "COD"),
        ("DR Congo", "COD"),
        ("Congo", "COG"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("The Gambia", "GMB"),
        ("UKRAINE", "UKR"),
        ("China's", "CHN"),
        ("Moscow", "RUS"),
        ("Washington", "USA"),
        ("Kyiv", "UKR"),
        ("Beijing", "CHN"),
    ],
)
def test_country_code_known(name: str, code: str) -> None:
    assert kn.country_code(name) == code


@pytest.mark.parametrize(
    "name",
    ["us", "Us", "u.s.", "uk", "turkey", "china", "Russian", "Americans", "Kremlin",
     "Narnia", "", "the", "United Nations"],
)  # fmt: skip
def test_country_code_unknown(name: str) -> None:
    assert kn.country_code(name) is None


# --- country_name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RUS", "Russia"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("IRN", "Iran"),
        ("KOR", "South Korea"),
        ("SYR", "Syria"),
        ("XKX", "Kosovo"),
        ("PSE", "Palestine"),
        ("FRA", "France"),
        ("DEU", "Germany"),
        ("rus", "Russia"),
    ],
)
def test_country_name(code: str, name: str) -> None:
    assert kn.country_name(code) == name


@pytest.mark.parametrize("code", ["ZZZ", "UN", "", "Russia"])
def test_country_name_unknown(code: str) -> None:
    assert kn.country_name(code) is None


def test_country_name_round_trip() -> None:
    for country in pycountry.countries:
        name = kn.country_name(country.alpha_3)
        assert name, country.alpha_3
        assert kn.country_code(name) == country.alpha_3, (country.alpha_3, name)


# --- demonyms and capitals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("russian", "RUS"),
        ("French", "FRA"),
        ("Frenchman", "FRA"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Briton", "GBR"),
        ("Britons", "GBR"),
        ("Chinese", "CHN"),
        ("Ukrainians", "UKR"),
        ("Iranian", "IRN"),
        ("Israelis", "ISR"),
        ("Palestinian", "PSE"),
        ("Germans", "DEU"),
        ("South Korean", "KOR"),
        ("North Koreans", "PRK"),
        ("Burkinabè", "BFA"),
        ("Polish", "POL"),
    ],
)
def test_demonym_country(word: str, code: str) -> None:
    assert kn.demonym_country(word) == code


@pytest.mark.parametrize("word", ["Russia", "Moscow", "polish", "Korean", "Martian", ""])
def test_demonym_country_unknown(word: str) -> None:
    assert kn.demonym_country(word) is None


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("Moscow", "RUS"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Washington", "USA"),
        ("Washington, D.C.", "USA"),
        ("Tehran", "IRN"),
        ("Sanaa", "YEM"),
        ("Sana'a", "YEM"),
        ("Bogotá", "COL"),
        ("Bogota", "COL"),
        ("PARIS", "FRA"),
        ("Pristina", "XKX"),
    ],
)
def test_capital_country(city: str, code: str) -> None:
    assert kn.capital_country(city) == code


@pytest.mark.parametrize("city", ["Russia", "Springfield", "male", ""])
def test_capital_country_unknown(city: str) -> None:
    assert kn.capital_country(city) is None


# --- seats and organisations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kremlin", ("Kremlin", "ORG", "RUS")),
        ("the Kremlin", ("Kremlin", "ORG", "RUS")),
        ("The Kremlin's", ("Kremlin", "ORG", "RUS")),
        ("White House", ("White House", "ORG", "USA")),
        ("Élysée", ("Elysee", "ORG", "FRA")),
        ("Elysee Palace", ("Elysee", "ORG", "FRA")),
        ("Downing Street", ("Downing Street", "ORG", "GBR")),
        ("Number 10", ("Downing Street", "ORG", "GBR")),
        ("Foggy Bottom", ("US State Department", "ORG", "USA")),
        ("Pentagon", ("Pentagon", "ORG", "USA")),
        ("Zhongnanhai", ("Zhongnanhai", "ORG", "CHN")),
        ("Capitol Hill", ("US Congress", "ORG", "USA")),
        ("Quai d'Orsay", ("French Foreign Ministry", "ORG", "FRA")),
    ],
)
def test_seat(name: str, expected: tuple[str, str, str]) -> None:
    assert kn.seat(name) == expected


@pytest.mark.parametrize("name", ["Moscow", "Russia", "white house", "Chancellery", ""])
def test_seat_unknown(name: str) -> None:
    assert kn.seat(name) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("United Nations", ("United Nations", "UN")),
        ("U.N.", ("United Nations", "UN")),
        ("the UN", ("United Nations", "UN")),
        ("NATO", ("NATO", "NATO")),
        ("Nato", ("NATO", "NATO")),
        ("North Atlantic Treaty Organization", ("NATO", "NATO")),
        ("European Union", ("European Union", "EU")),
        ("EU", ("European Union", "EU")),
        ("UN Security Council", ("UN Security Council", "UN")),
        ("European Commission", ("European Commission", "EU")),
        ("WHO", ("World Health Organization", "UN")),
        ("IMF", ("International Monetary Fund", "IMF")),
        ("G7", ("G7", "G7")),
        ("State Department", ("US State Department", "USA")),
        ("Department of State", ("US State Department", "USA")),
        ("Bundestag", ("Bundestag", "DEU")),
        ("Duma", ("State Duma", "RUS")),
        ("Hamas", ("Hamas", "PSE")),
        ("Hezbollah", ("Hezbollah", "LBN")),
        ("Taliban", ("Taliban", "AFG")),
        ("ISIS", ("Islamic State", None)),
        ("IS", ("Islamic State", None)),
        ("Médecins Sans Frontières", ("Doctors Without Borders", None)),
    ],
)
def test_organisation(name: str, expected: tuple[str, str | None]) -> None:
    assert kn.organisation(name) == expected


@pytest.mark.parametrize("name", ["who", "Who", "is", "un", "eu", "Kremlin", "Russia", "Acme", ""])
def test_organisation_unknown(name: str) -> None:
    assert kn.organisation(name) is None


# --- titles and honorifics ---------------------------------------------------------------


def test_title_words() -> None:
    titles = kn.title_words()
    assert isinstance(titles, frozenset)
    for t in ["president", "prime minister", "foreign minister", "secretary of state",
              "secretary-general", "secretary general", "ambassador", "spokesman"]:  # fmt: skip
        assert t in titles
    assert all(t == t.lower() for t in titles)


@pytest.mark.parametrize(
    "phrase",
    ["Foreign Minister", "prime minister", "Secretary of State", "Secretary-General",
     "Deputy Foreign Minister", "former President", "the president", "Spokeswoman"],
)  # fmt: skip
def test_is_title(phrase: str) -> None:
    assert kn.is_title(phrase)


@pytest.mark.parametrize("phrase", ["Lavrov", "Russia", "minister of silly walks", "deputy of", ""])
def test_is_not_title(phrase: str) -> None:
    assert not kn.is_title(phrase)


def test_honorifics() -> None:
    h = kn.honorifics()
    assert {"mr", "mrs", "ms", "dr", "sir", "lord"} <= h
    assert "president" not in h
    assert not h & kn.title_words()


# --- historic states, cities, regions, things (issue 13) -------------------------------


def test_historic_file() -> None:
    rows = _rows("historic.tsv")
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    for code, successor, last, names in rows:
        assert code in historic, f"{code} is one of pycountry's historic countries"
        assert successor == "-" or pycountry.countries.get(alpha_3=successor), successor
        assert len(last) == 10 and last[4] == "-", last
        assert _aliases(names)
        for name in _aliases(names):
            assert kn.country_code(name) == code, name


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("RUS", "1987-03-02", "SUN"),
        ("RUS", "1991-12-25", "SUN"),
        ("RUS", "1992-01-01", "RUS"),
        ("RUS", None, "RUS"),
        ("SRB", "1987-01-01", "YUG"),
        ("CZE", "1990-06-01", "CSK"),
        ("CZE", "1993-06-01", "CZE"),
        ("FRA", "1987-01-01", "FRA"),
    ],
)
def test_country_on(code: str, day: str | None, expected: str) -> None:
    assert kn.country_on(code, day) == expected


def test_historic_codes_are_valid_and_named() -> None:
    assert kn.is_valid_country_code("SUN") and kn.is_valid_country_code("DDR")
    assert kn.country_name("SUN") == "Soviet Union"
    assert kn.country_code("West Germany") == "DEU"
    assert kn.country_code("East Germany") == "DDR"


@pytest.mark.parametrize(
    ("name", "code"),
    [("Basra", "IRQ"), ("Dubai", "ARE"), ("Philadelphia", "USA"), ("Glasgow", "GBR")],
)
def test_city_country(name: str, code: str) -> None:
    assert kn.city_country(name) == code


def test_not_a_city() -> None:
    assert kn.city_country("Reagan") is None
    assert kn.city_country("basra") is None  # a name is written with a capital


def test_region_country() -> None:
    assert kn.region_country("Scotland") == "GBR"
    assert kn.region_country("California") == "USA"
    assert kn.region_country("Nowhereland") is None


def test_not_actors_file() -> None:
    rows = _rows("not_actors.tsv")
    kinds = [r[0] for r in rows]
    assert set(kinds) == {"weapon", "vessel", "aircraft", "installation", "product", "unit",
                          "currency", "common"}  # fmt: skip
    assert kn.non_actor_kind("frigate") == "vessel"
    assert kn.non_actor_kind("Missiles") == "weapon"
    assert kn.non_actor_kind("bpd") == "unit"
    assert kn.non_actor_kind("dinars") == "currency"
    assert kn.non_actor_kind("Reagan") is None
    # no word names an actor kind the tool keeps
    for word in ("government", "minister"):
        assert kn.non_actor_kind(word) == "common"
    for word in ("police", "army", "parliament", "court", "party"):
        assert kn.non_actor_kind(word) is None


def test_sectors_file() -> None:
    rows = _rows("sectors.tsv")
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes))
    assert {"GOV", "MIL", "COP", "LEG", "JUD", "PTY", "OPP", "REB", "BUS", "MED", "NGO",
            "IGO", "CVL"} <= set(codes)  # fmt: skip
    seen: dict[str, str] = {}
    for code, what, words in rows:
        assert what and code.isupper() and len(code) == 3
        for word in _aliases(words):
            assert word == word.lower(), word
            assert seen.setdefault(word, code) == code, f"{word} in two sectors"


@pytest.mark.parametrize(
    ("name", "kind", "country", "roles", "sector"),
    [
        ("Russian forces", "ORG", "RUS", (), "MIL"),
        ("Labour MPs", "ORG", "GBR", (), "LEG"),
        ("Home Office", "ORG", "GBR", (), "GOV"),
        ("Labour Party", "ORG", "GBR", (), "PTY"),
        ("Supreme Court", "ORG", "USA", (), "JUD"),
        ("Malian rebels", "ORG", "MLI", (), "REB"),
        ("NATO", "ORG", "NATO", (), "IGO"),
        ("Tony Blair", "PERSON", "GBR", ("prime minister",), "GOV"),
        ("John Major", "PERSON", "GBR", (), None),  # a name is no title
        ("Russia", "COUNTRY", "RUS", (), None),  # the state as a whole
    ],
)
def test_sector_of(name, kind, country, roles, sector) -> None:
    assert kn.sector_of(name, kind, country, roles) == sector


def test_title_countries_file() -> None:
    rows = _rows("title_countries.tsv")
    for title, code in rows:
        assert title == title.lower() and _valid(code)
    assert kn.title_country("Home Secretary") == "GBR"
    assert kn.title_country("former Home Secretary") == "GBR"
    assert kn.title_country("President") is None


def test_national_offices_file() -> None:
    offices = kn.national_offices()
    assert {"minister", "mp"} <= offices
    for office in offices:
        assert office == office.lower() and kn.is_title(office), office
    # heads of state, monarchs and party offices belong to no one government's offices
    assert not {"president", "king", "queen", "prince", "leader", "chairman"} & offices


def test_title_parts() -> None:
    parts = kn.title_parts()
    assert {"prime", "minister", "deputy", "shadow", "home", "mr", "lord"} <= parts
    assert not {"said", "and", "for", "labour", "british"} & parts


def test_scottish_and_welsh_are_british_and_conservative_is_a_party() -> None:
    assert kn.demonym_country("Scottish") == kn.demonym_country("Welsh") == "GBR"
    # historic states have theirs
    assert kn.demonym_country("Soviet") == "SUN" and kn.demonym_country("East German") == "DDR"
    assert kn.organisation("Conservative") == ("Conservative Party", "GBR")
    assert kn.organisation("conservative") is None  # "a conservative estimate"
    assert kn.organisation("BBC") == ("BBC", "GBR")


def test_demonym_of() -> None:
    assert kn.demonym_of("GBR") == "British" and kn.demonym_of("IRN") == "Iranian"
    assert kn.demonym_of("XXX") is None


@pytest.mark.parametrize("office", sorted(kn.place_offices()))
def test_place_offices_file(office: str) -> None:
    # each one a title the adjacent-words reader passes through, and held for a place
    assert office == office.lower() and office in kn.title_parts(), office
    assert office not in {"spokesman", "spokeswoman", "chairman", "director", "analyst"}


@pytest.mark.parametrize(
    "text",
    ["Donald Trump", "Don`t", "U.S.-led", "İstanbul", "Støre", "Élysée, Łódź", "STRASSE", "Straße"],
)
def test_fold_takes_the_same_path_for_plain_and_accented_text(text: str) -> None:
    # ASCII text skips the Unicode decomposition; the result must be the one it gives
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.translate(kn._ACCENT_FREE))
    slow = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    assert kn.fold(text) == slow


def test_the_city_index_leaves_the_lookup_cache_to_the_documents() -> None:
    kn._city_index.cache_clear()
    kn._key.cache_clear()
    assert kn.city_country("Basra") == "IRQ"
    assert kn._key.cache_info().currsize <= 1
