"""Read coded event data (GDELT 2.0, ICEWS, POLECAT) into records the store takes."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any, cast

from actorgraph import knowledge
from actorgraph.dates import DateReadError, parse_date
from actorgraph.errors import ActorgraphError
from actorgraph.ingest import Skip
from actorgraph.model import EVENT_TYPES, Actor, Document, Extraction, Interaction
from actorgraph.resolve import actor_id

#: The datasets ``actorgraph import`` reads; each is also the provenance of its records.
FORMATS = ("gdelt", "icews", "polecat")

#: GDELT 2.0 event table columns (GDELT Event Codebook V2.0), in file order.
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)
#: GDELT 1.0 daily files have no ADM2 codes (58 columns, 57 before SOURCEURL was added).
GDELT1_COLUMNS = tuple(c for c in GDELT_COLUMNS if not c.endswith("ADM2Code"))

#: ICEWS coded event files (Harvard Dataverse, doi:10.7910/DVN/28075), in file order.
ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

#: POLECAT weekly files (Harvard Dataverse, doi:10.7910/DVN/AJGVIT), in file order.
POLECAT_COLUMNS = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)

_HEADER_KEYS = {"gdelt": "GLOBALEVENTID", "icews": "Event ID", "polecat": "Event ID"}
_CAPITALISED = re.compile(r"[A-Z][\w.'’-]*")


class ImportError_(ActorgraphError):  # noqa: N801 - ImportError is Python's own
    """An import that cannot run at all (unknown format)."""


@dataclass(frozen=True)
class CameoType:
    """What a CAMEO code means in PLOVER: the event type and the status."""

    code: str
    type: str
    status: str
    name: str


@functools.cache
def cameo_mapping() -> dict[str, CameoType]:
    """The CAMEO-to-PLOVER mapping of ``data/cameo_plover.tsv``, by CAMEO code prefix."""
    text = resources.files("actorgraph").joinpath("data/cameo_plover.tsv").read_text("utf-8")
    out: dict[str, CameoType] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        code, kind, status, name = line.split("\t")
        out[code] = CameoType(code, kind, status, name)
    return out


def plover_of_cameo(code: str) -> CameoType | None:
    """The PLOVER type and status of a CAMEO event code, by its longest listed prefix.

    Parameters
    ----------
    code : str
        A CAMEO event code such as ``"042"``, ``"0874"`` or ``"19"`` (GDELT's
        ``EventCode``, ICEWS's ``CAMEO Code``; a leading zero lost by a spreadsheet is
        put back for three- and four-digit codes).

    Returns
    -------
    CameoType or None
        None for a code that is not CAMEO.

    Examples
    --------
    >>> plover_of_cameo("0874").type, plover_of_cameo("036").status
    ('RETREAT', 'planned')
    """
    code = code.strip()
    if not code.isdigit():
        return None
    if len(code) == 1 or (len(code) in (2, 3) and int(code[:2]) > 20):
        code = "0" + code  # a leading zero lost to a number column: "42" is 042
    if len(code) > 4 or not 1 <= int(code[:2]) <= 20:
        return None
    mapping = cameo_mapping()
    for end in range(len(code), 1, -1):
        found = mapping.get(code[:end])
        if found is not None:
            return found
    return None


@dataclass
class ImportReport:
    """What an import read, skipped and why, per file."""

    records: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[Skip] = field(default_factory=list)
    read_from: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: counts, every skip and warning, per file."""
        files: dict[str, dict[str, Any]] = {}
        for name, n in self.read_from.items():
            files.setdefault(name, {"records": 0, "skipped": 0, "reasons": {}})["records"] = n
        for skip in self.skipped:
            name = skip.origin.rsplit(":", 1)[0] if ":" in skip.origin else skip.origin
            entry = files.setdefault(name, {"records": 0, "skipped": 0, "reasons": {}})
            entry["skipped"] += 1
            entry["reasons"][skip.reason] = entry["reasons"].get(skip.reason, 0) + 1
        return {
            "records": self.records,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "warnings": [{"origin": s.origin, "reason": s.reason} for s in self.warnings],
            "files": files,
        }


def _open_text(path: Path) -> IO[str]:
    """A text stream of a plain, .gz or .zip file (a zip's first member, as GDELT ships)."""
    name = path.name.lower()
    if name.endswith(".zip"):
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.namelist() if not m.endswith("/")]
        if not members:
            raise OSError(f"empty zip archive: {path}")
        raw: IO[bytes] = archive.open(members[0])
    elif name.endswith(".gz"):
        raw = cast(IO[bytes], gzip.open(path, "rb"))  # a GzipFile reads bytes as any file
    else:
        raw = open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def _rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file as dicts by column name, with or without a header."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _open_text(path) as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns: tuple[str, ...] | None = None
        for row in reader:
            line = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            if columns is None:
                first = row[0].strip().lstrip("\ufeff")
                if first.lower() == _HEADER_KEYS[fmt].lower():
                    columns = tuple(cell.strip().lstrip("\ufeff") for cell in row)
                    continue
                columns = _columns_without_header(fmt, len(row))
            yield line, dict(zip(columns, (cell.strip() for cell in row), strict=False))


def _columns_without_header(fmt: str, width: int) -> tuple[str, ...]:
    if fmt == "gdelt":
        return GDELT_COLUMNS if width >= len(GDELT_COLUMNS) else GDELT1_COLUMNS
    return ICEWS_COLUMNS if fmt == "icews" else POLECAT_COLUMNS


def _get(row: dict[str, str], *names: str) -> str:
    """The first non-empty of several column names (headers differ between releases)."""
    lowered = {k.lower(): v for k, v in row.items()}
    for name in names:
        value = row.get(name) or lowered.get(name.lower())
        if value:
            return value.strip()
    return ""


def _country(value: str) -> str | None:
    """An ISO 3166 alpha-3 code from a code or a country name."""
    value = value.strip()
    if not value:
        return None
    if len(value) == 3 and value.isupper() and knowledge.is_valid_country_code(value):
        return value
    return knowledge.country_code(value)


def _display(name: str) -> str:
    """GDELT writes names in capitals: "UNITED STATES" reads "United States"."""
    return name.title() if name.isupper() else name


def _kind(name: str, country: str | None) -> str:
    """COUNTRY when the name is its country, ORG for organisations and groups
    ("Police (Nigeria)"), PERSON for a name of two to four capitalised words."""
    if country and knowledge.country_code(name) == country:
        return "COUNTRY"
    if "(" in name or knowledge.organisation(name) is not None:
        return "ORG"
    words = name.split()
    if 2 <= len(words) <= 4 and all(_CAPITALISED.fullmatch(w) for w in words):
        return "PERSON"
    return "ORG"


@functools.cache
def event_sectors() -> dict[str, str]:
    """The sector (``sectors.tsv``) of each actor type or sector label of GDELT, ICEWS and
    POLECAT, by lower-case label (``data/event_sectors.tsv``)."""
    return {row[0].lower(): row[1] for row in knowledge.data_rows("event_sectors.tsv")}


#: The sector that wins when an unordered list of ICEWS sectors maps to several: the
#: state's own bodies before the groups that face them, and those before society.
SECTOR_PRECEDENCE = ("GOV", "MIL", "COP", "JUD", "LEG", "IGO", "REB", "OPP", "PTY", "BUS",
                     "MED", "NGO", "REL", "EDU", "CVL")  # fmt: skip


def sector_of_labels(labels: str, *, ordered: bool = True) -> str | None:
    """Our sector (``GOV``, ``MIL``, ...) for a dataset's actor type or sector labels.

    Parameters
    ----------
    labels : str
        Labels separated by commas or semicolons: GDELT's type codes (``"GOV, MIL"``),
        POLECAT's sectors (``"GOV;EXE"``), ICEWS's sector names (``"Elite,Executive,
        Government"``).
    ordered : bool
        The first label that maps wins (GDELT's Type1 before Type2, POLECAT's primary
        sector first); else the mapped sector first in :data:`SECTOR_PRECEDENCE` (ICEWS
        lists its sectors in no order of importance).

    Examples
    --------
    >>> sector_of_labels("MIL, GOV"), sector_of_labels("Parties,Government", ordered=False)
    ('MIL', 'GOV')
    """
    table = event_sectors()
    found = [table[x] for x in (p.strip().lower() for p in re.split(r"[,;]", labels))
             if x in table]  # fmt: skip
    if not found:
        return None
    if ordered:
        return found[0]
    return min(found, key=lambda s: SECTOR_PRECEDENCE.index(s) if s in SECTOR_PRECEDENCE else 99)


@dataclass(frozen=True)
class _Side:
    name: str
    country: str | None
    kind: str
    sectors: str
    sector: str | None = None

    @property
    def id(self) -> str:
        return actor_id(self.kind, self.name, self.country if self.kind == "COUNTRY" else None)

    def actor(self) -> Actor:
        # A country is the state as a whole: its sector goes with the actor only when
        # the record names a body of it ("Government (Nigeria)" is an ORG)
        sector = self.sector if self.kind != "COUNTRY" else None
        return Actor(self.id, self.name, self.kind, self.country, (self.name,), sector)


def _side(
    name: str,
    country_value: str,
    sectors: str,
    *,
    country_code: str = "",
    ordered: bool = True,
) -> _Side | None:
    name = name.strip()
    if not name:
        return None
    known = knowledge.organisation(name)
    name = known[0] if known is not None else _display(name)  # "OPEC", not "Opec"
    country = _country(country_code) or _country(country_value)
    sector = sector_of_labels(sectors, ordered=ordered)
    kind = _kind(name, country)
    if kind == "COUNTRY" and sector and country:
        # GDELT's IRNGOV "IRAN" is Iran's government, as news names it: a body of the
        # country with its sector ("Iranian government"), not the country as a whole
        name, kind = body_name(country, sector), "ORG"
    return _Side(name, country, kind, sectors, sector)


def body_name(country: str, sector: str) -> str:
    """The name of a country's body of a sector, as news names it: "Iranian government",
    "Russian military" (the sector's word from ``sectors.tsv``).

    Examples
    --------
    >>> body_name("IRN", "GOV"), body_name("RUS", "MIL")
    ('Iranian government', 'Russian military')
    """
    adjective = knowledge.demonym_of(country) or knowledge.country_name(country) or country
    noun = knowledge.sectors().get(sector, sector).split(",")[0].strip()
    return f"{adjective} {noun}"


def _gdelt_types(row: dict[str, str], n: int) -> str:
    """GDELT's actor type codes (GOV, MIL, BUS, ...): the sectors of an actor."""
    return ", ".join(filter(None, (_get(row, f"Actor{n}Type{i}Code") for i in (1, 2, 3))))


def _gdelt(row: dict[str, str]) -> tuple[str, dict[str, Any]]:
    code = _get(row, "EventCode")
    a1_code, a2_code = _get(row, "Actor1Code"), _get(row, "Actor2Code")
    a1 = _side(_get(row, "Actor1Name"), _get(row, "Actor1CountryCode"), _gdelt_types(row, 1))
    a2 = _side(_get(row, "Actor2Name"), _get(row, "Actor2CountryCode"), _gdelt_types(row, 2))
    # A pure country code (Actor1Code "IRN") is the country itself.
    if a1 and a1_code and a1_code == _get(row, "Actor1CountryCode") and a1.country:
        a1 = _Side(knowledge.country_name(a1.country) or a1.name, a1.country, "COUNTRY",
                   a1.sectors, a1.sector)  # fmt: skip
    if a2 and a2_code and a2_code == _get(row, "Actor2CountryCode") and a2.country:
        a2 = _Side(knowledge.country_name(a2.country) or a2.name, a2.country, "COUNTRY",
                   a2.sectors, a2.sector)  # fmt: skip
    url = _get(row, "SOURCEURL")
    return _get(row, "GLOBALEVENTID"), {
        "date": _get(row, "SQLDATE"),
        "code": code,
        "source": a1,
        "target": a2,
        "url": url or None,
        "story": None,
        "text": None,
        "publisher": None,
        "mode": None,
        "type": None,
    }


def _icews(row: dict[str, str]) -> tuple[str, dict[str, Any]]:
    source = _side(_get(row, "Source Name"), _get(row, "Source Country"),
                   _get(row, "Source Sectors"), ordered=False)  # fmt: skip
    target = _side(_get(row, "Target Name"), _get(row, "Target Country"),
                   _get(row, "Target Sectors"), ordered=False)  # fmt: skip
    story = _get(row, "Story ID")
    sentence = _get(row, "Sentence Number")
    return _get(row, "Event ID"), {
        "date": _get(row, "Event Date"),
        "code": _get(row, "CAMEO Code"),
        "source": source,
        "target": target,
        "url": None,
        "story": f"{story} sentence {sentence}" if story and sentence else story or None,
        "text": _get(row, "Event Text") or None,
        "publisher": _get(row, "Publisher") or None,
        "mode": None,
        "type": None,
    }


def _joined(*values: str) -> str:
    """Labels of several fields as one list, each once, in order ("GOV" and "GOV;EXE"
    make "GOV;EXE")."""
    labels: list[str] = []
    for value in values:
        for label in re.split(r"[,;]", value):
            if label.strip() and label.strip() not in labels:
                labels.append(label.strip())
    return ";".join(labels)


def _polecat(row: dict[str, str]) -> tuple[str, dict[str, Any]]:
    # the primary sector first, so that it decides
    source = _side(
        _get(row, "Actor Name"),
        _get(row, "Actor Country"),
        _joined(_get(row, "Primary Actor Sector"), _get(row, "Actor Sectors")),
    )
    target = _side(
        _get(row, "Recipient Name"),
        _get(row, "Recipient Country"),
        _joined(_get(row, "Primary Recipient Sector"), _get(row, "Recipient Sectors")),
    )
    return _get(row, "Event ID"), {
        "date": _get(row, "Event Date", "Publication Date"),
        "code": None,
        "source": source,
        "target": target,
        "url": _get(row, "URL", "Source URL") or None,
        "story": _get(row, "Story ID") or None,
        "text": _get(row, "Headline") or None,
        "publisher": _get(row, "Source", "Publisher") or None,
        "mode": _get(row, "Event Mode").lower() or None,
        "type": _get(row, "Event Type").upper() or None,
    }


_READERS = {"gdelt": _gdelt, "icews": _icews, "polecat": _polecat}
_NAMES = {"gdelt": "GDELT", "icews": "ICEWS", "polecat": "POLECAT"}


def _evidence(fmt: str, event_id: str, rec: dict[str, Any], what: str) -> str:
    """The sentence kept as evidence: what the record says, and where it comes from."""
    source, target = rec["source"], rec["target"]

    def side(s: _Side) -> str:
        extra = ", ".join(x for x in (s.sectors, s.country or "") if x)
        return f"{s.name} ({extra})" if extra else s.name

    parts = [f"{_NAMES[fmt]} event {event_id}: {side(source)} -> {side(target)}: {what}"]
    if rec["text"]:
        parts.append(f"“{rec['text']}”")
    if rec["story"]:
        parts.append(f"story {rec['story']}")
    if rec["url"]:
        parts.append(rec["url"])
    return "; ".join(parts)


def read_event_records(
    paths: Iterable[str | Path], fmt: str, report: ImportReport | None = None
) -> Iterator[Extraction]:
    """Read GDELT, ICEWS or POLECAT files into one Extraction per event record.

    Each record becomes a document ``"{fmt}-{event id}"`` of provenance ``fmt`` whose
    text (and the interaction's evidence sentence) says what the record says — its
    actors with sectors and countries, its CAMEO code or PLOVER type, ICEWS's event
    text, the story id, the source URL — with the record's date, publisher and URL;
    and one interaction between its two actors, typed by PLOVER (CAMEO codes mapped
    by :func:`plover_of_cameo`). Actors get the ids actorgraph gives the same actors in
    news (ISO code for a country, type and name otherwise), so both meet on one graph.

    Parameters
    ----------
    paths : iterable of str or Path
        Tab-separated files, with or without a header row, plain, ``.gz`` or ``.zip``.
    fmt : {"gdelt", "icews", "polecat"}
    report : ImportReport, optional
        Gets the records read and every row skipped with its reason (no date, one
        actor only, a code that is not CAMEO, a repeated event id, an unreadable file).

    Yields
    ------
    Extraction

    Raises
    ------
    ActorgraphError
        For an unknown format.
    """
    if fmt not in FORMATS:
        raise ImportError_(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rep = report if report is not None else ImportReport()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        origin = str(path)
        if not path.is_file():
            rep.skipped.append(Skip(origin, "no such file" if not path.exists() else "not a file"))
            continue
        try:
            for line, row in _rows(path, fmt):
                where = f"{origin}:{line}"
                extraction, why = _record(fmt, row, where)
                if extraction is None:
                    rep.skipped.append(Skip(where, why))
                    continue
                if extraction.document.id in seen:
                    rep.skipped.append(Skip(where, f"duplicate event id {extraction.document.id}"))
                    continue
                seen.add(extraction.document.id)
                rep.records += 1
                rep.read_from[origin] = rep.read_from.get(origin, 0) + 1
                yield extraction
        except (OSError, zipfile.BadZipFile, gzip.BadGzipFile, EOFError, csv.Error) as exc:
            rep.skipped.append(Skip(origin, f"cannot read: {exc}"))


def _record(fmt: str, row: dict[str, str], where: str) -> tuple[Extraction | None, str]:
    """One record as an Extraction, or None and why not."""
    event_id, rec = _READERS[fmt](row)
    if not event_id:
        return None, "no event id"
    if rec["source"] is None or rec["target"] is None:
        return None, "one actor only (actorgraph stores interactions between two)"
    try:
        date = parse_date(rec["date"])
    except DateReadError as exc:
        return None, f"unreadable date ({exc})"
    status = "occurred"
    if fmt == "polecat":
        kind = rec["type"] or ""
        if kind not in EVENT_TYPES:
            return None, f"unknown PLOVER event type {kind!r}"
        what = kind
    else:
        cameo = plover_of_cameo(rec["code"] or "")
        if cameo is None:
            return None, f"not a CAMEO event code: {rec['code']!r}"
        kind, status = cameo.type, cameo.status
        what = f"CAMEO {rec['code']} ({cameo.name}) = {kind}"
    source, target = rec["source"], rec["target"]
    doc_id = f"{fmt}-{event_id}"
    sentence = _evidence(fmt, event_id, rec, what)
    document = Document(
        id=doc_id,
        text=sentence,
        date=date,
        title=rec["text"],
        origin=where,
        publisher=rec["publisher"],
        url=rec["url"],
        provenance=fmt,
    )
    interaction = Interaction(
        doc_id=doc_id,
        source=source.name,
        target=target.name,
        type=kind,
        directed=True,
        status=status,
        date=date,
        source_id=source.id,
        target_id=target.id,
        source_type=source.kind,
        target_type=target.kind,
        source_country=source.country,
        target_country=target.country,
        mode=rec["mode"],
        trigger=what,
        sentence=sentence,
        start=0,
        end=len(sentence),
        confidence=1.0,
    )
    actors = [source.actor()] + ([target.actor()] if target.id != source.id else [])
    return Extraction(document, actors, [interaction], {a.id: 1 for a in actors}), ""


__all__ = [
    "FORMATS",
    "body_name",
    "CameoType",
    "ImportReport",
    "cameo_mapping",
    "event_sectors",
    "plover_of_cameo",
    "read_event_records",
    "sector_of_labels",
]
