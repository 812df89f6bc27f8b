"""Write an actor graph for other tools: GraphML, GEXF, node-link JSON, CSV, Parquet, Cypher."""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from actorgraph.atomic import atomic_path
from actorgraph.errors import ExportError
from actorgraph.summary import event_id, event_key, require_multigraph, weighted_view

#: The formats :func:`export_graph` writes.
FORMATS = ("graphml", "gexf", "json", "csv", "parquet", "cypher")
#: The tables that CSV and Parquet exports write.
TABLES = ("events", "mentions", "edges", "actors")

#: Columns of the mentions table: the ``actorgraph events`` record, its quad class and
#: the id of the event it reports.
MENTION_FIELDS = (
    "doc_id",
    "date",
    "source",
    "source_id",
    "source_type",
    "source_country",
    "target",
    "target_id",
    "target_type",
    "target_country",
    "type",
    "quad",
    "mode",
    "directed",
    "status",
    "trigger",
    "sentence",
    "start",
    "end",
    "confidence",
    "event_id",
    "provenance",
    "publisher",
    "url",
    "title",
    "author",
)
EVENT_FIELDS = (
    "event_id",
    "date",
    "source",
    "source_id",
    "source_type",
    "source_country",
    "target",
    "target_id",
    "target_type",
    "target_country",
    "type",
    "quad",
    "directed",
    "status",
    "mentions",
    "documents",
    "doc_ids",
    "trigger",
    "sentence",
    "provenance",
    "publisher",
    "url",
    "title",
    "author",
)
EDGE_FIELDS = (
    "source_id",
    "source",
    "target_id",
    "target",
    "weight",
    "events",
    "mentions",
    "types",
    "quads",
    "first_date",
    "last_date",
)
ACTOR_FIELDS = ("id", "label", "type", "country", "country_source", "aliases", "mentions")

#: Statements per ``UNWIND`` batch in a Cypher script.
CYPHER_BATCH = 500

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Keep spreadsheet programs from reading article text as a formula.

    A text starting with ``= + - @``, a tab or a carriage return gets a leading
    single quote; anything else is returned as it is.

    Examples
    --------
    >>> csv_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> csv_cell(-3)
    -3
    """
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


# ---------------------------------------------------------------------------- tables


def _node(graph: nx.Graph, node: Any) -> Mapping[str, Any]:
    return graph.nodes[node] if node in graph else {}


def _side(graph: nx.Graph, node: Any, prefix: str) -> dict[str, Any]:
    attrs = _node(graph, node)
    return {
        prefix: attrs.get("label") or str(node),
        f"{prefix}_id": node,
        f"{prefix}_type": attrs.get("type") or None,
        f"{prefix}_country": attrs.get("country") or None,
    }


def _sources(data: Mapping[str, Any]) -> dict[str, Any]:
    """Where an interaction's document comes from (None where unknown)."""
    return {
        "provenance": data.get("provenance") or "extracted",
        **{k: data.get(k) or None for k in ("publisher", "url", "title", "author")},
    }


def mention_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per interaction (a mention of an event), with all its evidence.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`actorgraph.graph.load_graph` returns it.

    Returns
    -------
    list of dict
        Keys :data:`MENTION_FIELDS`, the record ``actorgraph events`` prints plus
        ``quad``, ``event_id`` and where the document comes from (``provenance``,
        ``publisher``, ``url``, ``title``, ``author``, those of the first report for
        an event); empty strings of the graph are None again.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="AID", quad="material-coop", doc_id="d1")
    0
    >>> mention_rows(g)[0]["quad"]
    'material-coop'
    """
    rows = []
    for u, v, data in graph.edges(data=True):
        row = {
            "doc_id": data.get("doc_id", ""),
            "date": data.get("date") or None,
            **_side(graph, u, "source"),
            **_side(graph, v, "target"),
            "type": data.get("type", ""),
            "quad": data.get("quad", ""),
            "mode": data.get("mode") or None,
            "directed": bool(data.get("directed", True)),
            "status": data.get("status", ""),
            "trigger": data.get("trigger", ""),
            "sentence": data.get("sentence", ""),
            "start": int(data.get("sentence_start", 0)),
            "end": int(data.get("sentence_end", 0)),
            "confidence": float(data.get("confidence", 0.5)),
            "event_id": data.get("event") or event_id(u, v, data),
            **_sources(data),
        }
        rows.append({k: row[k] for k in MENTION_FIELDS})
    return rows


def event_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per event: the interactions that report the same thing, counted.

    Reports of the same actors, type, day and status are one event (see
    :func:`actorgraph.graph.event_key`); ``mentions`` counts its reports and
    ``documents`` the documents they come from, as GDELT's NumMentions and
    NumArticles do. The trigger and sentence are those of the first report.

    Returns
    -------
    list of dict
        Keys :data:`EVENT_FIELDS`, in the order the events are first reported.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="AID", date="2024-01-02", doc_id="d1")
    0
    >>> g.add_edge("a", "b", type="AID", date="2024-01-02", doc_id="d2")
    1
    >>> [(r["mentions"], r["documents"]) for r in event_rows(g)]
    [(2, 2)]
    """
    events: dict[tuple[str, ...], dict[str, Any]] = {}
    docs: dict[tuple[str, ...], list[str]] = {}
    for u, v, data in graph.edges(data=True):
        key = event_key(u, v, data)
        doc = str(data.get("doc_id", ""))
        if key not in events:
            source, target = (u, v)
            if not data.get("directed", True) and str(v) < str(u):
                source, target = v, u
            events[key] = {
                "event_id": data.get("event") or event_id(u, v, data),
                "date": data.get("date") or None,
                **_side(graph, source, "source"),
                **_side(graph, target, "target"),
                "type": data.get("type", ""),
                "quad": data.get("quad", ""),
                "directed": bool(data.get("directed", True)),
                "status": data.get("status", ""),
                "mentions": 0,
                "trigger": data.get("trigger", ""),
                "sentence": data.get("sentence", ""),
                **_sources(data),
            }
            docs[key] = []
        events[key]["mentions"] += 1
        if doc not in docs[key]:
            docs[key].append(doc)
    rows = []
    for key, event in events.items():
        event["documents"] = len(docs[key])
        event["doc_ids"] = "; ".join(docs[key])
        rows.append({k: event[k] for k in EVENT_FIELDS})
    return rows


def edge_rows(graph: nx.MultiDiGraph, *, weight: str = "events") -> list[dict[str, Any]]:
    """One row per pair of actors that interact: counts, types, quad classes, dates.

    ``types`` and ``quads`` are JSON objects of counts (in the unit of ``weight``).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="AID", quad="material-coop", date="2024-01-02")
    0
    >>> edge_rows(g)[0]["types"]
    '{"AID": 1}'
    """
    view = weighted_view(graph, weight=weight)
    dates: dict[frozenset, list[str]] = {}
    for u, v, data in graph.edges(data=True):
        if data.get("date"):
            dates.setdefault(frozenset((u, v)), []).append(str(data["date"]))
    rows = []
    for u, v, data in view.edges(data=True):
        seen = sorted(dates.get(frozenset((u, v)), []))
        rows.append(
            {
                "source_id": u,
                "source": view.nodes[u].get("label") or str(u),
                "target_id": v,
                "target": view.nodes[v].get("label") or str(v),
                "weight": data["weight"],
                "events": data["events"],
                "mentions": data["mentions"],
                "types": json.dumps(data["types"], ensure_ascii=False, sort_keys=True),
                "quads": json.dumps(data["quads"], ensure_ascii=False, sort_keys=True),
                "first_date": seen[0] if seen else None,
                "last_date": seen[-1] if seen else None,
            }
        )
    return rows


def actor_rows(graph: nx.Graph) -> list[dict[str, Any]]:
    """One row per actor: ``id label type country country_source aliases mentions``
    (aliases "; "-joined; ``country_source`` "text" or "inferred", None without a country).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("RUS", label="Russia", type="COUNTRY", country="RUS")
    >>> actor_rows(g)[0]["label"]
    'Russia'
    """
    return [
        {
            "id": node,
            "label": attrs.get("label") or str(node),
            "type": attrs.get("type") or None,
            "country": attrs.get("country") or None,
            "country_source": attrs.get("country_source") or None,
            "aliases": attrs.get("aliases") or "",
            "mentions": int(attrs.get("mentions") or 0),
        }
        for node, attrs in graph.nodes(data=True)
    ]


def table_rows(
    graph: nx.MultiDiGraph, table: str = "events", *, weight: str = "events"
) -> list[dict[str, Any]]:
    """The rows of one of :data:`TABLES`."""
    if table == "events":
        return event_rows(graph)
    if table == "mentions":
        return mention_rows(graph)
    if table == "edges":
        return edge_rows(graph, weight=weight)
    if table == "actors":
        return actor_rows(graph)
    raise ExportError(f"unknown table {table!r}: choose from {', '.join(TABLES)}")


_TABLE_FIELDS = {
    "events": EVENT_FIELDS,
    "mentions": MENTION_FIELDS,
    "edges": EDGE_FIELDS,
    "actors": ACTOR_FIELDS,
}


# ---------------------------------------------------------------------------- graph files


def plain_value(value: Any) -> str | int | float | bool:
    """A value GraphML and GEXF can hold: None becomes "", containers become JSON.

    Examples
    --------
    >>> plain_value(None), plain_value(["a", "b"]), plain_value(2)
    ('', '["a", "b"]', 2)
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple | set | frozenset | dict):
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attribute values are all str, int, float or bool.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", aliases=None)
    >>> plain_graph(g).nodes["a"]
    {'aliases': ''}
    """
    out = graph.__class__()
    out.graph.update({k: plain_value(v) for k, v in graph.graph.items()})
    out.add_nodes_from(
        (n, {k: plain_value(v) for k, v in a.items()}) for n, a in graph.nodes(data=True)
    )
    if graph.is_multigraph():
        out.add_edges_from(
            (u, v, key, {k: plain_value(x) for k, x in d.items()})
            for u, v, key, d in graph.edges(keys=True, data=True)
        )
    else:
        out.add_edges_from(
            (u, v, {k: plain_value(x) for k, x in d.items()}) for u, v, d in graph.edges(data=True)
        )
    return out


#: networkx's GEXF writer gives these edge attribute names a meaning of its own (the
#: edge's direction, its time, id, label, weight...), so graph attributes of the same
#: name are written under another name, and read back under it.
GEXF_EDGE_RENAMES = {
    "type": "event_type",
    "start": "start_attr",
    "end": "end_attr",
    "id": "id_attr",
    "weight": "weight_attr",
    "label": "label_attr",
    "key": "key_attr",
    "networkx_key": "networkx_key_attr",
    "spells": "spells_attr",
    "viz": "viz_attr",
}
#: The same for node attributes (a node's ``label`` stays its GEXF label).
GEXF_NODE_RENAMES = {
    "start": "start_attr",
    "end": "end_attr",
    "id": "id_attr",
    "pid": "pid_attr",
    "parents": "parents_attr",
    "spells": "spells_attr",
    "viz": "viz_attr",
}


def gexf_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` ready for :func:`networkx.write_gexf` and Gephi's timeline.

    Attribute values become plain (see :func:`plain_value`); edge attributes that
    GEXF reserves (``type``, ``label``, ``weight``, ``id``, ``start``, ``end``) are
    renamed as :data:`GEXF_EDGE_RENAMES` says (and node attributes as
    :data:`GEXF_NODE_RENAMES`); an edge with a date gets it as its
    ``start`` and ``end``, and an actor the date of its first dated interaction as
    its ``start``, so that Gephi's timeline shows each interaction on its day. Node
    ``label`` stays the node's GEXF label.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="AID", date="2024-01-02")
    0
    >>> d = gexf_graph(g).edges["a", "b", 0]
    >>> d["event_type"], d["start"], d["end"]
    ('AID', '2024-01-02', '2024-01-02')
    """
    first: dict[Any, str] = {}
    for u, v, data in graph.edges(data=True):
        day = str(data.get("date") or "")
        if day:
            for node in (u, v):
                if node not in first or day < first[node]:
                    first[node] = day
    out = nx.MultiDiGraph()
    out.graph.update({k: plain_value(v) for k, v in graph.graph.items() if k != "mode"})
    for node, attrs in graph.nodes(data=True):
        plain = {GEXF_NODE_RENAMES.get(k, k): plain_value(v) for k, v in attrs.items()}
        if node in first:
            plain["start"] = first[node]
        out.add_node(node, **plain)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        plain = {GEXF_EDGE_RENAMES.get(k, k): plain_value(x) for k, x in attrs.items()}
        day = str(attrs.get("date") or "")
        if day:
            plain["start"] = plain["end"] = day
        out.add_edge(u, v, key=key, **plain)
    return out


#: Characters XML 1.0 cannot hold, not even escaped (C0 controls but tab and new lines,
#: lone surrogates, U+FFFE and U+FFFF): a parser rejects the whole file on meeting one.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> Any:
    """A string with the characters XML cannot hold replaced by U+FFFD; others unchanged.

    Examples
    --------
    >>> xml_text("page\x0cbreak"), xml_text(3)
    ('page\ufffdbreak', 3)
    """
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def xml_safe_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of a plain graph (see :func:`plain_graph`) whose every string XML can hold."""
    out = graph.__class__()
    out.graph.update({xml_text(k): xml_text(v) for k, v in graph.graph.items()})
    out.add_nodes_from(
        (xml_text(n), {xml_text(k): xml_text(v) for k, v in a.items()})
        for n, a in graph.nodes(data=True)
    )
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for u, v, *rest in edges:
        data = {xml_text(k): xml_text(x) for k, x in rest[-1].items()}
        out.add_edge(xml_text(u), xml_text(v), *(xml_text(k) for k in rest[:-1]), **data)
    return out


def _write_json(graph: nx.Graph, path: Path) -> None:
    data = nx.node_link_data(graph, edges="edges")
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, default=plain_value)
        fh.write("\n")


def _write_csv(rows: Iterable[Mapping[str, Any]], fields: Iterable[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fields))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})


def _write_parquet(rows: list[dict[str, Any]], fields: Iterable[str], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("Parquet needs pyarrow: pip install 'actorgraph[pandas]'") from exc
    columns = list(fields)
    if rows:
        table = pa.Table.from_pylist(rows)
    else:
        table = pa.table({c: pa.array([], type=pa.string()) for c in columns})
    pq.write_table(table.select(columns), path)


# ---------------------------------------------------------------------------- Cypher


def cypher_string(text: str) -> str:
    """A Cypher string literal of ``text``, in single quotes, every special character escaped.

    Examples
    --------
    >>> print(cypher_string("O'Brien \\\\ \\"Bob\\""))
    'O\\'Brien \\\\ \\"Bob\\"'
    """
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch in "\u2028\u2029\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_value(value: Any) -> str:
    """A Cypher literal: string, integer, float, boolean, null, list or map.

    Examples
    --------
    >>> cypher_value({"name": "A", "n": 2, "ok": True, "x": None})
    "{name: 'A', n: 2, ok: true, x: null}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else cypher_string(str(value))
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, Mapping):
        return (
            "{" + ", ".join(f"{_cypher_key(k)}: {cypher_value(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    return cypher_string(str(value))


def _cypher_key(name: Any) -> str:
    name = str(name)
    if name.isidentifier() and name.isascii():
        return name
    return "`" + name.replace("`", "``") + "`"


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def cypher_script(graph: nx.MultiDiGraph, *, batch: int = CYPHER_BATCH) -> str:
    """A Cypher script that loads the graph into Neo4j and can be run again.

    Actors are ``(:Actor {id})`` nodes, MERGEd on their id (the script first creates
    a uniqueness constraint); interactions are ``[:INTERACTION {id}]``
    relationships, MERGEd on an id made of the interaction's event id and its
    document, offsets and trigger, so running the script twice changes nothing. All
    other attributes are SET from the graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    batch : int
        Rows per ``UNWIND`` statement.

    Returns
    -------
    str
        Statements separated by ``;`` and new lines, for ``cypher-shell -f``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="O'Brien")
    >>> "O\\\\'Brien" in cypher_script(g)
    True
    """
    lines = [
        "// actorgraph: actors and interactions; MERGE on ids, safe to run again",
        "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;",
    ]
    nodes = [
        {"id": str(n), "props": {k: _cypher_plain(v) for k, v in a.items()}}
        for n, a in graph.nodes(data=True)
    ]
    for chunk in _chunks(nodes, batch):
        lines.append(
            f"UNWIND {cypher_value(chunk)} AS row\n"
            "MERGE (a:Actor {id: row.id})\nSET a += row.props;"
        )
    edges = []
    used: dict[str, int] = {}
    for u, v, data in graph.edges(data=True):
        parts = [data.get("event") or event_id(u, v, data)]
        parts += [str(data.get(k, "")) for k in ("doc_id", "sentence_start", "sentence_end")]
        base = "|".join([*parts, str(data.get("trigger", ""))])
        n = used.get(base, 0)
        used[base] = n + 1
        rel_id = base if n == 0 else f"{base}|{n}"
        props = {k: _cypher_plain(x) for k, x in data.items()}
        edges.append({"id": rel_id, "source": str(u), "target": str(v), "props": props})
    for chunk in _chunks(edges, batch):
        lines.append(
            f"UNWIND {cypher_value(chunk)} AS row\n"
            "MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target})\n"
            "MERGE (s)-[r:INTERACTION {id: row.id}]->(t)\nSET r += row.props;"
        )
    return "\n".join(lines) + "\n"


def _cypher_plain(value: Any) -> Any:
    """Neo4j properties hold no maps and no null: maps become JSON, None an empty string."""
    if value is None:
        return ""
    if isinstance(value, Mapping | set | frozenset):
        return plain_value(value)
    if isinstance(value, list | tuple):
        return [_cypher_plain(v) for v in value]
    return value


# ---------------------------------------------------------------------------- entry point


def export_graph(
    graph: nx.MultiDiGraph,
    path: str | Path,
    fmt: str | None = None,
    *,
    table: str = "events",
    weight: str = "events",
) -> Path:
    """Write ``graph`` to ``path`` in one of :data:`FORMATS`.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`actorgraph.graph.load_graph` returns it.
    path : str or Path
        The file to write (its parent directories are created).
    fmt : {"graphml", "gexf", "json", "csv", "parquet", "cypher"}, optional
        By default, from the file's extension (``.cypher`` or ``.cql`` for Cypher).
    table : {"events", "mentions", "edges", "actors"}
        For CSV and Parquet: which table to write.
    weight : {"events", "mentions"}
        For the edges table: what ``weight`` counts.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        For an unknown format or table, or Parquet without pyarrow.

    Notes
    -----
    GraphML and GEXF keep one edge per interaction with every attribute (values that
    they cannot hold become JSON text); GEXF renames the edge attributes it reserves
    (see :func:`gexf_graph`) and gives dated edges a time so that Gephi's timeline
    plays them. CSV cells that a spreadsheet would read as a formula get a leading
    single quote.
    """
    require_multigraph(graph, "export_graph")
    out = Path(path)
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".")
        fmt = {"cql": "cypher", "jsonl": "json"}.get(suffix, suffix)
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose from {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}: choose from {', '.join(TABLES)}")
    with atomic_path(out) as tmp:  # whole or not at all: a full disk leaves no half file
        if fmt == "graphml":
            nx.write_graphml(xml_safe_graph(plain_graph(graph)), tmp)
        elif fmt == "gexf":
            nx.write_gexf(xml_safe_graph(gexf_graph(graph)), tmp)
        elif fmt == "json":
            _write_json(graph, tmp)
        elif fmt == "cypher":
            tmp.write_text(cypher_script(graph), encoding="utf-8")
        else:
            rows = table_rows(graph, table, weight=weight)
            if fmt == "csv":
                _write_csv(rows, _TABLE_FIELDS[table], tmp)
            else:
                _write_parquet(rows, _TABLE_FIELDS[table], tmp)
    return out
