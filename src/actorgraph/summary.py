"""One shape for what analysis and the page read: actors and directed dyads, summed up.

A store (or any set of interactions) is summed up by actor and by directed dyad (every
interaction from one actor to another): a :class:`Summary`. The SQL of
:meth:`actorgraph.store.Store.aggregate` and :func:`summarise` compute the same
summary, one in SQLite, one in Python. :func:`summary_graph` turns it into the graph
the whole-graph analyses of :mod:`actorgraph.analyze` and the page of
:mod:`actorgraph.render` read: one node per actor, one edge per dyad. The multigraph of
:func:`actorgraph.graph.build_multigraph` (one edge per interaction) stays for what
lists single interactions: ego networks, paths, timelines and exports;
:func:`as_summary_graph` sums it up when a whole-graph analysis is handed one.

The identity of an event (which interactions report the same event) is defined here,
once, in Python (:func:`event_key`) and as the SQL the store runs (:func:`keyed_sql`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from actorgraph.errors import ActorgraphError, FilterError
from actorgraph.model import QUAD_CLASS, WEIGHTS, Actor, Interaction

#: Evidence examples a summary keeps per directed dyad.
EVIDENCE_PER_DYAD = 5

#: Edge (and evidence) attributes that say where an interaction's document comes from.
SOURCE_ATTRS = ("provenance", "publisher", "url", "title", "author")

# The graph attribute that marks a summary graph (see :func:`summary_graph`).
_MARK = "aggregated"


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ActorTotals:
    """One actor of a summary: what the store knows of it, and its counts.

    ``mentions`` sums its mention counts over all documents; ``interactions`` is the
    number of interactions it takes part in, as source or target.
    """

    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    mentions: int
    interactions: int
    #: "text" or "inferred" (see :attr:`actorgraph.model.Actor.country_source`)
    country_source: str | None = None


@dataclass(frozen=True, slots=True)
class DyadFacet:
    """The interactions of one dyad that share a type, a status and a date ("" undated).

    ``events`` counts the distinct events (see :func:`event_key`) whose first report is
    one of these interactions, so that every event is counted on exactly one facet, and
    sums over facets never count it twice. ``quad`` is the type's quad class unless
    the interactions name another.
    """

    type: str
    status: str
    date: str
    mentions: int
    events: int
    quad: str = ""

    def __post_init__(self) -> None:
        if not self.quad:
            object.__setattr__(self, "quad", QUAD_CLASS.get(self.type, "neutral"))


@dataclass(frozen=True)
class Dyad:
    """Every interaction from one actor to another, summed up.

    ``source`` and ``target`` are the interactions' own (an undirected interaction is
    stored in the order its sentence names the actors). ``facets`` are in the order
    of their first interaction; ``types``, ``quads`` and ``statuses`` count mentions.
    ``arc_events`` is the number of distinct events on the arc ``source -> target`` of
    the directed view (directed interactions from source to target, undirected ones
    between the two in either order), ``reverse_arc_events`` those on
    ``target -> source`` (0 when no interaction of this dyad is undirected).
    ``evidence`` holds at most the summary's ``evidence_per_dyad`` interactions, the
    earliest first (undated last): :class:`~actorgraph.model.Interaction` records, or
    the edge attributes of a multigraph summed up by :func:`as_summary_graph`.
    """

    source: str
    target: str
    mentions: int
    directed: int
    events: int
    first_date: str | None
    last_date: str | None
    types: dict[str, int]
    quads: dict[str, int]
    statuses: dict[str, int]
    facets: tuple[DyadFacet, ...]
    arc_events: int
    reverse_arc_events: int
    evidence: tuple[Any, ...]


@dataclass(frozen=True)
class Summary:
    """A set of interactions summed up by actor and by dyad: it grows with actors.

    ``dyads`` are in the order of their first interaction (as
    :meth:`actorgraph.store.Store.iter_interactions` yields them), and ``actors`` by
    id, then actors without a row of their own (an interaction with an empty id) as
    first met. ``interactions`` and ``events`` count every interaction summed up
    (self-loops included; an event once however many report it), ``documents`` the
    stored documents and ``documents_with_interactions`` those with at least one
    interaction. ``document_titles`` names the documents of the evidence kept, and
    ``document_info`` says where they come from (see
    :meth:`actorgraph.store.Store.document_info`).
    """

    actors: list[ActorTotals]
    dyads: list[Dyad]
    interactions: int
    events: int
    documents: int
    documents_with_interactions: int
    evidence_per_dyad: int
    document_titles: dict[str, str] = field(default_factory=dict)
    #: Actors in the store; more than ``len(actors)`` when only linked ones were read.
    actors_in_store: int = 0
    #: Where the documents of the evidence kept come from, by document id.
    document_info: dict[str, dict[str, str]] = field(default_factory=dict)


#: The name this record had before it had a module of its own.
AggregateView = Summary


# ---------------------------------------------------------------------------- events


def event_key(u: Any, v: Any, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The identity of the event an interaction reports.

    Reports of the same actors doing the same type of thing on the same day, with the
    same status, are one event (as GDELT counts one event with several mentions). The
    actors of an undirected interaction are taken in sorted order, so "A and B met"
    and "B and A met" are one event. An interaction without a date cannot be matched
    across documents: its day is its document. :func:`keyed_sql` is the same in SQL.

    Parameters
    ----------
    u, v : node
        The source and target actor ids.
    data : mapping
        The edge attributes (``type``, ``date``, ``status``, ``directed``, ``doc_id``);
        missing ones count as empty.

    Returns
    -------
    tuple of str
        ``(source, target, type, day, status)``.

    Examples
    --------
    >>> a = event_key("RUS", "UKR", {"type": "CONSULT", "date": "2024-03-01", "directed": False})
    >>> a == event_key("UKR", "RUS", {"type": "CONSULT", "date": "2024-03-01", "directed": False})
    True
    """
    s, t = str(u), str(v)
    if not data.get("directed", True) and t < s:
        s, t = t, s
    day = str(data.get("date") or "") or "doc:" + str(data.get("doc_id") or "")
    return (s, t, str(data.get("type") or ""), day, str(data.get("status") or ""))


def event_id(u: Any, v: Any, data: Mapping[str, Any]) -> str:
    """A short stable id of the event an interaction reports (see :func:`event_key`).

    Examples
    --------
    >>> len(event_id("RUS", "UKR", {"type": "ACCUSE", "date": "2024-03-01"}))
    16
    """
    text = "\x1f".join(event_key(u, v, data))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def keyed_sql(table: str = "interactions") -> str:
    """The CTEs ``plain`` and ``keyed``: the rows of ``table`` as :func:`event_key` sees them.

    NULLs become "", and each row gets ``event_source``, ``event_target`` and ``day``:
    the actors of an undirected interaction in sorted order, an undated interaction's
    day its document. ``table`` is a table (or CTE) with the columns of ``interactions``.
    """
    return f"""
    WITH plain AS (
        SELECT id, doc_id, "start",
               COALESCE(source_id, '') AS s, COALESCE(target_id, '') AS t,
               COALESCE(type, '') AS type, COALESCE(status, '') AS status,
               COALESCE(date, '') AS date, COALESCE(directed, 0) AS directed
        FROM {table}
    ), keyed AS (
        SELECT *,
               CASE WHEN directed = 0 AND t < s THEN t ELSE s END AS event_source,
               CASE WHEN directed = 0 AND t < s THEN s ELSE t END AS event_target,
               CASE WHEN date = '' THEN 'doc:' || doc_id ELSE date END AS day
        FROM plain
    )
"""


# ---------------------------------------------------------------------------- summing up


def check_weight(weight: str) -> None:
    """Raise :class:`FilterError` unless ``weight`` is one of :data:`WEIGHTS`."""
    if weight not in WEIGHTS:
        raise FilterError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")


def evidence_attrs(it: Interaction) -> dict[str, Any]:
    """An interaction as the attributes of a multigraph edge (strings "" rather than None)."""
    return dict(
        type=it.type,
        quad=it.quad,
        status=it.status,
        date=it.date or "",
        directed=bool(it.directed),
        mode=it.mode or "",
        trigger=it.trigger,
        sentence=it.sentence,
        doc_id=it.doc_id,
    )


def source_attrs(info: Mapping[str, str] | None) -> dict[str, str]:
    """Where a document comes from, as edge attributes: :data:`SOURCE_ATTRS`, "" when
    unknown, ``provenance`` "extracted" (news parsed here) unless the document says.

    Examples
    --------
    >>> source_attrs({"url": "https://example.com/a"})["provenance"]
    'extracted'
    """
    info = info or {}
    attrs = {name: str(info.get(name) or "") for name in SOURCE_ATTRS}
    attrs["provenance"] = attrs["provenance"] or "extracted"
    return attrs


def facet_sums(facets: Iterable[DyadFacet], key: str) -> dict[str, int]:
    """Mentions of a dyad summed by one field of its facets, in the facets' order."""
    sums: dict[str, int] = {}
    for facet in facets:
        value = getattr(facet, key)
        sums[value] = sums.get(value, 0) + facet.mentions
    return sums


def _dyads(
    rows: Iterable[tuple[str, str, Mapping[str, Any], Any]],
    evidence_per_dyad: int | None,
    order: Callable[[int, Mapping[str, Any]], Any] | None = None,
) -> tuple[list[Dyad], int, int]:
    """The dyads of ``(source, target, attributes, evidence)`` rows, in reading order.

    ``order`` (given a row's position and attributes) sorts a dyad's evidence; None
    keeps the reading order. Returns the dyads, the interactions and the documents
    with interactions.
    """
    first_of_event: set[tuple[str, ...]] = set()
    arcs: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    dyads: dict[tuple[str, str], dict[str, Any]] = {}
    documents: set[str] = set()
    n = 0
    for seq, (s, t, data, payload) in enumerate(rows):
        n += 1
        if data.get("doc_id"):
            documents.add(str(data["doc_id"]))
        dyad = dyads.get((s, t))
        if dyad is None:
            dyad = dyads[(s, t)] = {
                "mentions": 0,
                "directed": 0,
                "dates": [],
                "facets": {},
                "evidence": [],
            }
        directed = bool(data.get("directed", True))
        date = str(data.get("date") or "")
        kind, status = str(data.get("type") or ""), str(data.get("status") or "")
        quad = str(data.get("quad") or "") or QUAD_CLASS.get(kind, "neutral")
        dyad["mentions"] += 1
        dyad["directed"] += directed
        if date:
            dyad["dates"].append(date)
        key = event_key(s, t, data)
        new_event = key not in first_of_event
        first_of_event.add(key)
        counts = dyad["facets"].setdefault((kind, status, date, quad), [0, 0])
        counts[0] += 1
        counts[1] += new_event
        if s != t:
            arcs.setdefault((s, t), set()).add(key)
            if not directed:
                arcs.setdefault((t, s), set()).add(key)
        dyad["evidence"].append((seq, data, payload))
    out = []
    for (s, t), d in dyads.items():
        facets = tuple(
            DyadFacet(kind, status, date, mentions, events, quad)
            for (kind, status, date, quad), (mentions, events) in d["facets"].items()
        )
        evidence = d["evidence"]
        if order is not None:
            evidence = sorted(evidence, key=lambda e: order(e[0], e[1]))
        if evidence_per_dyad is not None:
            evidence = evidence[:evidence_per_dyad]
        undirected = d["mentions"] > d["directed"]
        out.append(
            Dyad(
                source=s,
                target=t,
                mentions=d["mentions"],
                directed=d["directed"],
                events=sum(f.events for f in facets),
                first_date=min(d["dates"]) if d["dates"] else None,
                last_date=max(d["dates"]) if d["dates"] else None,
                types=facet_sums(facets, "type"),
                quads=facet_sums(facets, "quad"),
                statuses=facet_sums(facets, "status"),
                facets=facets,
                arc_events=len(arcs.get((s, t), ())),
                reverse_arc_events=len(arcs.get((t, s), ())) if undirected else 0,
                evidence=tuple(payload for _, _, payload in evidence),
            )
        )
    return out, n, len(documents)


def summarise(
    interactions: Iterable[Interaction],
    *,
    actors: Iterable[Actor] = (),
    mentions: Mapping[str, int] | None = None,
    documents: int | None = None,
    document_titles: Mapping[str, str] | None = None,
    evidence_per_dyad: int = EVIDENCE_PER_DYAD,
    linked_only: bool = False,
    document_info: Mapping[str, Mapping[str, str]] | None = None,
) -> Summary:
    """Sum up interactions by actor and by dyad, as :meth:`Store.aggregate` does in SQL.

    Parameters
    ----------
    interactions : iterable of Interaction
        In the store's order (by document, offset, row), as
        :meth:`actorgraph.store.Store.iter_interactions` yields them.
    actors : iterable of Actor
        The actors with a row of their own (sorted by id in the summary); the ends of
        interactions that are none of them come after, as first met.
    mentions : mapping, optional
        Mention counts by actor id.
    documents : int, optional
        The number of documents (default: those with an interaction).
    document_titles : mapping, optional
        Titles by document id; the summary keeps those of its evidence.
    evidence_per_dyad : int
        Interactions kept in full per dyad, the earliest first (undated last).
    linked_only : bool
        Keep only the actors that take part in an interaction.
    document_info : mapping, optional
        Where documents come from, by document id; the summary keeps that of its
        evidence.

    Returns
    -------
    Summary

    Examples
    --------
    >>> it = Interaction("d1", "Russia", "NATO", "REQUEST", True, source_id="RUS",
    ...                  target_id="NATO", date="2024-03-01")
    >>> s = summarise([it, it])
    >>> s.interactions, s.events, [(d.source, d.target, d.mentions) for d in s.dyads]
    (2, 1, [('RUS', 'NATO', 2)])
    """
    if evidence_per_dyad < 0:
        raise ValueError("evidence_per_dyad must be 0 or more")
    items = list(interactions)
    rows = [(it.source_id or "", it.target_id or "", evidence_attrs(it), it) for it in items]
    starts = [it.start for it in items]

    def earliest(seq: int, data: Mapping[str, Any]) -> tuple[str, str, int, int]:
        return (data["date"] or "~", data["doc_id"], starts[seq], seq)

    dyads, n, with_docs = _dyads(rows, evidence_per_dyad, earliest)
    known = sorted(actors, key=lambda a: a.id)
    ids = {a.id for a in known}
    taking_part: dict[str, int] = {}
    strays: dict[str, str] = {}
    for it in items:
        s, t = it.source_id or "", it.target_id or ""
        for end, name in ((s, it.source), (t, it.target)):
            if end not in ids and end not in strays:
                strays[end] = name or ""
        taking_part[s] = taking_part.get(s, 0) + 1
        if t != s:
            taking_part[t] = taking_part.get(t, 0) + 1
    mentions = mentions or {}
    totals = [
        ActorTotals(
            a.id,
            a.name,
            a.type or "",
            a.country,
            tuple(a.aliases),
            int(mentions.get(a.id, 0)),
            taking_part.get(a.id, 0),
            a.country_source,
        )
        for a in known
        if not linked_only or taking_part.get(a.id)
    ]
    totals += [
        ActorTotals(end, name, "", None, (), 0, taking_part.get(end, 0))
        for end, name in strays.items()
    ]
    titles = document_titles or {}
    info = document_info or {}
    kept_docs = {it.doc_id for d in dyads for it in d.evidence}
    return Summary(
        actors=totals,
        dyads=dyads,
        interactions=n,
        events=sum(d.events for d in dyads),
        documents=with_docs if documents is None else documents,
        documents_with_interactions=with_docs,
        evidence_per_dyad=evidence_per_dyad,
        document_titles={d: titles[d] for d in sorted(kept_docs) if titles.get(d)},
        actors_in_store=len(ids) + len(strays),
        document_info={d: dict(info[d]) for d in sorted(kept_docs) if d in info},
    )


# ---------------------------------------------------------------------------- the graph


def summary_graph(summary: Summary) -> nx.DiGraph:
    """Return a graph with one node per actor and one edge per directed dyad.

    Its size grows with the actors and the pairs of actors that interact, not with
    the interactions. :func:`weighted_view`, :func:`directed_view`, the page
    (:func:`actorgraph.render.render_html`) and the whole-graph analyses of
    :mod:`actorgraph.analyze` read it; those that list single interactions (ego
    networks, paths, timelines, exports) need the multigraph.

    Parameters
    ----------
    summary : Summary
        As :meth:`actorgraph.store.Store.aggregate` or :func:`summarise` returns it.

    Returns
    -------
    networkx.DiGraph
        Nodes keyed by actor id with the attributes ``label type country aliases
        mentions`` (as :func:`actorgraph.graph.build_multigraph` gives them), in the
        summary's order; edges in the order of their first interaction, with
        ``mentions`` (interactions), ``events``, ``directed`` (how many of the
        interactions are directed), ``first_date`` and ``last_date`` ("" when undated),
        ``types``, ``quads`` and ``statuses`` (mentions by each), ``facets``, ``arc``
        and ``reverse_arc`` (the weights, by unit, of the arcs ``source -> target``
        and ``target -> source`` of :func:`directed_view`; ``reverse_arc`` is empty
        when every interaction of the dyad is directed) and ``evidence`` (interactions
        as multigraph edge attributes, with :data:`SOURCE_ATTRS` where the summary
        says where their documents come from). The graph attributes ``documents``,
        ``interactions``, ``events``, ``documents_with_interactions``,
        ``evidence_per_dyad`` and ``actors_in_store`` hold the summary's totals.

    Examples
    --------
    >>> it = Interaction("d1", "Russia", "NATO", "REQUEST", True, source_id="RUS",
    ...                  target_id="NATO")
    >>> g = summary_graph(summarise([it]))
    >>> list(g.edges(data="mentions"))
    [('RUS', 'NATO', 1)]
    """
    graph = _empty_graph(summary)
    for actor in summary.actors:
        graph.add_node(
            actor.id,
            label=actor.name,
            type=actor.type,
            country=actor.country or "",
            country_source=(actor.country_source or "text") if actor.country else "",
            aliases="; ".join(actor.aliases),
            mentions=actor.mentions,
        )
    _add_dyads(graph, summary.dyads, summary.document_info)
    return graph


def _empty_graph(summary: Summary) -> nx.DiGraph:
    return nx.DiGraph(
        aggregated=True,
        documents=summary.documents,
        interactions=summary.interactions,
        events=summary.events,
        documents_with_interactions=summary.documents_with_interactions,
        evidence_per_dyad=summary.evidence_per_dyad,
        actors_in_store=max(summary.actors_in_store, len(summary.actors)),
    )


def _undirected(dyad: Dyad | None) -> int:
    """How many interactions of a dyad (None: no dyad) are undirected."""
    return 0 if dyad is None else dyad.mentions - dyad.directed


def _add_dyads(
    graph: nx.DiGraph,
    dyads: list[Dyad],
    document_info: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    by_pair = {(d.source, d.target): d for d in dyads}
    for dyad in dyads:
        reverse = by_pair.get((dyad.target, dyad.source))
        # An arc of the directed view counts the interactions of its own dyad and the
        # undirected ones of the reverse dyad.
        arc = {"events": dyad.arc_events, "mentions": dyad.mentions + _undirected(reverse)}
        reverse_arc: dict[str, int] = {}
        if _undirected(dyad):
            reverse_mentions = (reverse.mentions if reverse is not None else 0) + _undirected(dyad)
            reverse_arc = {"events": dyad.reverse_arc_events, "mentions": reverse_mentions}
        graph.add_edge(
            dyad.source,
            dyad.target,
            mentions=dyad.mentions,
            events=dyad.events,
            directed=dyad.directed,
            first_date=dyad.first_date or "",
            last_date=dyad.last_date or "",
            types=dict(dyad.types),
            quads=dict(dyad.quads),
            statuses=dict(dyad.statuses),
            facets=dyad.facets,
            arc=arc,
            reverse_arc=reverse_arc,
            evidence=[_shown(it, document_info) for it in dyad.evidence],
        )


def _shown(it: Any, document_info: Mapping[str, Mapping[str, str]] | None) -> dict[str, Any]:
    """An evidence interaction as edge attributes, with where its document comes from."""
    if not isinstance(it, Interaction):
        return dict(it)  # a multigraph edge's attributes: already said, or not known
    attrs = evidence_attrs(it)
    if document_info:
        attrs.update(source_attrs(document_info.get(it.doc_id)))
    return attrs


def is_summary_graph(graph: nx.Graph) -> bool:
    """Whether ``graph`` is one of :func:`summary_graph` (one edge per dyad)."""
    return graph.graph.get(_MARK) is True


def require_multigraph(graph: nx.Graph, what: str) -> None:
    """Refuse a graph that does not hold every interaction (a summary graph).

    Raises
    ------
    ActorgraphError
        If ``graph`` is not a multigraph; the message names ``what`` needs one.
    """
    if not graph.is_multigraph():
        raise ActorgraphError(
            f"{what} needs every interaction: use load_graph(), not the summary graph"
        )


def as_summary_graph(graph: nx.Graph) -> nx.DiGraph:
    """``graph`` as a summary graph: itself if it is one, else its multigraph summed up.

    A multigraph (one edge per interaction, as
    :func:`actorgraph.graph.build_multigraph` returns it, or any ``MultiDiGraph``
    whose edges carry ``type``, ``quad``, ``status``, ``date``, ``directed`` and
    ``doc_id``) keeps its nodes and their attributes, in its order; every edge is
    kept as evidence, in the multigraph's order.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "b")])
    >>> as_summary_graph(g)["a"]["b"]["mentions"]
    2
    """
    if is_summary_graph(graph):
        return graph
    rows = [(u, v, d, d) for u, v, d in graph.edges(data=True)]
    dyads, n, with_docs = _dyads(rows, None)
    summary = Summary(
        actors=[],
        dyads=dyads,
        interactions=n,
        events=sum(d.events for d in dyads),
        documents=int(graph.graph.get("documents", with_docs)),
        documents_with_interactions=with_docs,
        evidence_per_dyad=n,
        actors_in_store=graph.number_of_nodes(),
    )
    out = _empty_graph(summary)
    if "documents" not in graph.graph:
        del out.graph["documents"]
    out.add_nodes_from(graph.nodes(data=True))
    _add_dyads(out, dyads)
    return out


# ---------------------------------------------------------------------------- totals and views


def interaction_count(graph: nx.Graph) -> int:
    """The number of interactions ``graph`` holds, self-loops included."""
    return sum(int(n) for _, _, n in as_summary_graph(graph).edges(data="mentions"))


def count_events(graph: nx.Graph) -> int:
    """The number of distinct events (see :func:`event_key`).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="AID", date="2024-01-01", doc_id="d1")
    0
    >>> g.add_edge("a", "b", type="AID", date="2024-01-01", doc_id="d2")
    1
    >>> count_events(g)
    1
    """
    # every event counts on one dyad only
    return sum(int(n) for _, _, n in as_summary_graph(graph).edges(data="events"))


def documents_with_interactions(graph: nx.Graph) -> int:
    """The number of documents with at least one interaction in ``graph``."""
    return int(as_summary_graph(graph).graph.get("documents_with_interactions", 0))


def counted(graph: nx.Graph, weight: str) -> Iterable[tuple[Any, Any, str, str, int]]:
    """``(source, target, quad, date, n)``: one per facet of each dyad, ``n`` in ``weight``."""
    check_weight(weight)
    for u, v, data in as_summary_graph(graph).edges(data=True):
        for facet in data["facets"]:
            n = facet.mentions if weight == "mentions" else facet.events
            if n:
                yield u, v, facet.quad, facet.date, n


def weighted_view(graph: nx.Graph, *, weight: str = "mentions") -> nx.Graph:
    """Collapse a graph into one undirected edge per pair of actors.

    Each edge carries ``mentions`` (the number of interactions), ``events`` (the number
    of distinct events, see :func:`event_key`), ``weight`` (one of the two, as
    ``weight`` chooses), ``types`` (a dict of counts by event type) and ``quads``
    (counts by quad class), both counted in the same unit as ``weight``. Self-loops
    are dropped. Nodes keep their attributes.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph (:func:`summary_graph`), or a multigraph, summed up first.
    weight : {"mentions", "events"}
        What ``weight``, ``types`` and ``quads`` count.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="CONSULT", quad="verbal-coop")
    0
    >>> g.add_edge("b", "a", type="ACCUSE", quad="verbal-conf")
    0
    >>> weighted_view(g)["a"]["b"]["weight"]
    2
    """
    check_weight(weight)
    graph = as_summary_graph(graph)
    view = nx.Graph()
    view.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        if not view.has_edge(u, v):
            view.add_edge(u, v, weight=0, mentions=0, events=0, types={}, quads={})
        edge = view[u][v]
        edge["mentions"] += data["mentions"]
        edge["events"] += data["events"]
        for facet in data["facets"]:
            n = facet.mentions if weight == "mentions" else facet.events
            if n:
                edge["types"][facet.type] = edge["types"].get(facet.type, 0) + n
                edge["quads"][facet.quad] = edge["quads"].get(facet.quad, 0) + n
    for _, _, edge in view.edges(data=True):
        edge["weight"] = edge[weight]
    return view


def directed_view(graph: nx.Graph, *, weight: str = "events") -> nx.DiGraph:
    """Collapse a graph into one directed edge per ordered pair of actors.

    A directed interaction (A accuses B) counts on A→B; an undirected one (A and B
    met) counts on both A→B and B→A. Each edge carries ``weight`` (distinct events or
    interactions, as ``weight`` chooses). Self-loops are dropped; nodes keep their
    attributes.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph (:func:`summary_graph`), or a multigraph, summed up first.
    weight : {"events", "mentions"}
        What ``weight`` counts.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="CONSULT", directed=False)
    0
    >>> sorted(directed_view(g).edges())
    [('a', 'b'), ('b', 'a')]
    """
    check_weight(weight)
    graph = as_summary_graph(graph)
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        # Arcs are added in the order the multigraph's interactions would add them.
        view.add_edge(u, v, weight=data["arc"][weight])
        if data["reverse_arc"]:
            view.add_edge(v, u, weight=data["reverse_arc"][weight])
    return view
