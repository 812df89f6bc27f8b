"""NetworkX graphs of a store: one edge per interaction or per dyad, weighted views, filters."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from actorgraph.errors import ActorgraphError
from actorgraph.model import EVENT_TYPES, QUAD_CLASS, STATUSES, Actor, Interaction

if TYPE_CHECKING:
    from actorgraph.store import AggregateView, Dyad, Store

#: What an edge weight counts: distinct events, or every report (mention) of them.
WEIGHTS = ("events", "mentions")
#: The quad classes, in the order reports list them.
QUADS = ("verbal-coop", "material-coop", "verbal-conf", "material-conf", "neutral")

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FilterError(ActorgraphError, ValueError):
    """A filter value (date, event type, quad class, status, weight) that is not valid."""


#: Provenances of interactions: parsed from news here, or imported from a dataset.
PROVENANCES = ("extracted", "gdelt", "icews", "polecat")

#: Edge attributes that say where an interaction's document comes from.
SOURCE_ATTRS = ("provenance", "publisher", "url", "title", "author")


def build_multigraph(
    actors: Iterable[Actor],
    interactions: Iterable[Interaction],
    *,
    mentions: dict[str, int] | None = None,
    evidence: bool = False,
    documents: Mapping[str, Mapping[str, str]] | None = None,
) -> nx.MultiDiGraph:
    """Return a multigraph with one node per actor and one edge per interaction.

    Parameters
    ----------
    actors : iterable of Actor
        The actors; each becomes a node keyed by its id, with attributes ``label``,
        ``type``, ``country`` ("" when unknown), ``aliases`` (a "; "-joined string)
        and ``mentions``.
    interactions : iterable of Interaction
        Each becomes an edge from ``source_id`` to ``target_id`` with attributes
        ``type``, ``quad``, ``status``, ``date``, ``directed``, ``mode``, ``trigger``,
        ``sentence`` and ``doc_id`` (strings are "" rather than None, so the graph
        writes to GraphML and GEXF as it is).
    mentions : dict, optional
        Mention counts by actor id.
    evidence : bool, default False
        Also keep, on every edge, ``sentence_start`` and ``sentence_end`` (the
        sentence's character offsets in its document), ``confidence`` and ``event``
        (the :func:`event_id` of the event the interaction reports), so that the
        graph holds every field of the interaction record.
    documents : mapping, optional
        Where each document comes from (:meth:`actorgraph.store.Store.document_info`):
        every edge then also gets :data:`SOURCE_ATTRS` (``provenance``, ``publisher``,
        ``url``, ``title``, ``author``; "" when unknown, ``provenance`` "extracted").

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> a = [Actor("RUS", "Russia", "COUNTRY", "RUS"), Actor("NATO", "NATO", "ORG", "NATO")]
    >>> i = [Interaction("d1", "Russia", "NATO", "REQUEST", True, source_id="RUS",
    ...                  target_id="NATO")]
    >>> g = build_multigraph(a, i)
    >>> g.number_of_nodes(), g.number_of_edges()
    (2, 1)
    """
    mentions = mentions or {}
    graph = nx.MultiDiGraph()
    for actor in actors:
        graph.add_node(
            actor.id,
            label=actor.name,
            type=actor.type,
            country=actor.country or "",
            aliases="; ".join(actor.aliases),
            mentions=int(mentions.get(actor.id, 0)),
        )
    for it in interactions:
        for node, name, kind, country in (
            (it.source_id, it.source, it.source_type, it.source_country),
            (it.target_id, it.target, it.target_type, it.target_country),
        ):
            if node not in graph:
                graph.add_node(
                    node, label=name, type=kind or "", country=country or "", aliases="",
                    mentions=0,
                )  # fmt: skip
        attrs = _evidence_attrs(it)
        if documents is not None:
            source = documents.get(it.doc_id, {})
            for name in SOURCE_ATTRS:
                attrs[name] = str(source.get(name) or "")
            attrs["provenance"] = attrs["provenance"] or "extracted"
        if evidence:
            attrs["sentence_start"] = int(it.start)
            attrs["sentence_end"] = int(it.end)
            attrs["confidence"] = float(it.confidence)
            attrs["event"] = event_id(it.source_id, it.target_id, attrs)
        graph.add_edge(it.source_id, it.target_id, **attrs)
    return graph


def _evidence_attrs(it: Interaction) -> dict[str, Any]:
    """An interaction as the attributes of a multigraph edge (see :func:`build_multigraph`)."""
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


def build_aggregated_graph(view: AggregateView) -> nx.DiGraph:
    """Return a graph with one node per actor and one edge per directed dyad.

    Its size grows with the actors and the pairs of actors that interact, not with
    the interactions: each edge sums up every interaction from its source to its
    target. :func:`weighted_view`, :func:`directed_view`, the page
    (:func:`actorgraph.render.render_html`) and the whole-graph analyses of
    :mod:`actorgraph.analyze` (centrality, communities, brokers, reciprocity, pair
    balance, :func:`actorgraph.analyze.stats`) give the same results on it as on the
    multigraph of the same store; those that list or filter single interactions
    (ego networks, paths, timelines, exports, :func:`filter_graph`) need the
    multigraph, and refuse this graph.

    Parameters
    ----------
    view : AggregateView
        As :meth:`actorgraph.store.Store.aggregate` returns it.

    Returns
    -------
    networkx.DiGraph
        Nodes keyed by actor id with the attributes of :func:`build_multigraph`
        (``label type country aliases mentions``), in the multigraph's order; edges
        in the order of their first interaction, with ``mentions`` (interactions),
        ``events`` (see :class:`actorgraph.store.DyadFacet`), ``directed`` (how many
        of the interactions are directed), ``first_date`` and ``last_date`` ("" when
        undated), ``types``, ``quads`` and ``statuses`` (mentions by each), ``facets``
        (counts by type, status and date), ``arc`` and ``reverse_arc`` (the weights,
        by unit, of the arcs ``source -> target`` and ``target -> source`` of
        :func:`directed_view`; ``reverse_arc`` is empty when every interaction of
        the dyad is directed) and ``evidence`` (at most ``evidence_per_dyad``
        interactions, as multigraph edge attributes with :data:`SOURCE_ATTRS`, the
        earliest first). The graph
        attribute ``aggregated`` is True; ``documents``, ``interactions``,
        ``events``, ``documents_with_interactions`` and ``evidence_per_dyad`` hold the
        store's totals.

    Examples
    --------
    >>> with Store(tmp_dir) as store:  # doctest: +SKIP
    ...     graph = build_aggregated_graph(store.aggregate())
    """
    graph = nx.DiGraph(
        aggregated=True,
        documents=view.documents,
        interactions=view.interactions,
        events=view.events,
        documents_with_interactions=view.documents_with_interactions,
        evidence_per_dyad=view.evidence_per_dyad,
        actors_in_store=max(view.actors_in_store, len(view.actors)),
    )
    for actor in view.actors:
        graph.add_node(
            actor.id,
            label=actor.name,
            type=actor.type,
            country=actor.country or "",
            aliases="; ".join(actor.aliases),
            mentions=actor.mentions,
        )
    by_pair = {(d.source, d.target): d for d in view.dyads}
    for dyad in view.dyads:
        reverse = by_pair.get((dyad.target, dyad.source))
        attrs = _dyad_attrs(dyad, reverse)
        for shown in attrs["evidence"]:  # where each sentence's document comes from
            source = view.document_info.get(shown["doc_id"], {})
            for name in SOURCE_ATTRS:
                shown[name] = str(source.get(name) or "")
            shown["provenance"] = shown["provenance"] or "extracted"
        graph.add_edge(dyad.source, dyad.target, **attrs)
    return graph


def _undirected(dyad: Dyad | None) -> int:
    """How many interactions of a dyad (None: no dyad) are undirected."""
    return 0 if dyad is None else dyad.mentions - dyad.directed


def _dyad_attrs(dyad: Dyad, reverse: Dyad | None) -> dict[str, Any]:
    """The attributes of a dyad's edge; ``reverse`` is the dyad the other way, if any."""
    # An arc of the directed view counts the interactions of its own dyad and the
    # undirected ones of the reverse dyad.
    arc = {"events": dyad.arc_events, "mentions": dyad.mentions + _undirected(reverse)}
    reverse_arc: dict[str, int] = {}
    if _undirected(dyad):
        reverse_mentions = (reverse.mentions if reverse is not None else 0) + _undirected(dyad)
        reverse_arc = {"events": dyad.reverse_arc_events, "mentions": reverse_mentions}
    return dict(
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
        evidence=[_evidence_attrs(it) for it in dyad.evidence],
    )


def is_aggregated(graph: nx.Graph) -> bool:
    """Whether ``graph`` is one of :func:`build_aggregated_graph` (one edge per dyad)."""
    return graph.graph.get("aggregated") is True


def require_interactions(graph: nx.Graph, what: str) -> None:
    """Refuse an aggregated graph where every interaction is needed.

    Raises
    ------
    ActorgraphError
        If ``graph`` is aggregated; the message names ``what`` needs the multigraph.
    """
    if is_aggregated(graph):
        raise ActorgraphError(
            f"{what} needs every interaction: use load_graph(), not the aggregated graph"
        )


def ordered_subgraph(graph: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """A copy of the subgraph of ``graph`` on ``nodes``, in ``graph``'s order of nodes and edges.

    What ``graph.subgraph(nodes).copy()`` gives, except that the order never comes from
    a set: a networkx subgraph of fewer than half the nodes iterates them in the order
    of a Python set, which changes with the hash seed, and so would every result that
    depends on the order (sampled betweenness, Louvain communities, layouts).

    Examples
    --------
    >>> g = nx.path_graph(["c", "a", "b", "d"])
    >>> list(ordered_subgraph(g, ["b", "a"]))
    ['a', 'b']
    """
    keep = set(nodes)
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, attrs) for n, attrs in graph.nodes(data=True) if n in keep)
    if graph.is_multigraph():
        out.add_edges_from(
            (u, v, k, attrs)
            for u, neighbours in graph.adjacency()
            if u in keep
            for v, keyed in neighbours.items()
            if v in keep
            for k, attrs in keyed.items()
        )
    else:
        out.add_edges_from(
            (u, v, attrs)
            for u, neighbours in graph.adjacency()
            if u in keep
            for v, attrs in neighbours.items()
            if v in keep
        )
    return out


def interaction_count(graph: nx.Graph) -> int:
    """The number of interactions ``graph`` holds, self-loops included.

    One per edge of a multigraph; the sum of ``mentions`` of an aggregated graph.
    """
    if is_aggregated(graph):
        return sum(int(n) for _, _, n in graph.edges(data="mentions"))
    return graph.number_of_edges()


def event_key(u: Any, v: Any, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The identity of the event an interaction reports.

    Reports of the same actors doing the same type of thing on the same day, with the
    same status, are one event (as GDELT counts one event with several mentions). The
    actors of an undirected interaction are taken in sorted order, so "A and B met"
    and "B and A met" are one event. An interaction without a date cannot be matched
    across documents: its day is its document.

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


def _check_weight(weight: str) -> None:
    if weight not in WEIGHTS:
        raise FilterError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")


def weighted_view(multigraph: nx.MultiDiGraph, *, weight: str = "mentions") -> nx.Graph:
    """Collapse a multigraph into one undirected edge per pair of actors.

    Each edge carries ``mentions`` (the number of interactions), ``events`` (the number
    of distinct events, see :func:`event_key`), ``weight`` (one of the two, as
    ``weight`` chooses), ``types`` (a dict of counts by event type) and ``quads``
    (counts by quad class), both counted in the same unit as ``weight``. Self-loops
    are dropped. Nodes keep their attributes.

    Parameters
    ----------
    multigraph : networkx.MultiDiGraph or networkx.DiGraph
        As :func:`build_multigraph` or :func:`build_aggregated_graph` returns it; the
        view of either graph of one store is the same, nodes and edges in the same
        order.
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
    _check_weight(weight)
    if is_aggregated(multigraph):
        return _weighted_view_of_dyads(multigraph, weight)
    view = nx.Graph()
    view.add_nodes_from(multigraph.nodes(data=True))
    seen: dict[frozenset, set[tuple[str, ...]]] = {}
    for u, v, data in multigraph.edges(data=True):
        if u == v:
            continue
        if view.has_edge(u, v):
            edge = view[u][v]
        else:
            view.add_edge(u, v, weight=0, mentions=0, events=0, types={}, quads={})
            edge = view[u][v]
        edge["mentions"] += 1
        key = event_key(u, v, data)
        events = seen.setdefault(frozenset((u, v)), set())
        new_event = key not in events
        if new_event:
            events.add(key)
            edge["events"] += 1
        if weight == "mentions" or new_event:
            kind, quad = data.get("type", ""), data.get("quad", "")
            edge["types"][kind] = edge["types"].get(kind, 0) + 1
            edge["quads"][quad] = edge["quads"].get(quad, 0) + 1
    for _, _, edge in view.edges(data=True):
        edge["weight"] = edge[weight]
    return view


def _weighted_view_of_dyads(graph: nx.DiGraph, weight: str) -> nx.Graph:
    """:func:`weighted_view` of an aggregated graph: the two dyads of a pair summed."""
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
                quad = QUAD_CLASS.get(facet.type, "neutral")
                edge["types"][facet.type] = edge["types"].get(facet.type, 0) + n
                edge["quads"][quad] = edge["quads"].get(quad, 0) + n
    for _, _, edge in view.edges(data=True):
        edge["weight"] = edge[weight]
    return view


def directed_view(multigraph: nx.MultiDiGraph, *, weight: str = "events") -> nx.DiGraph:
    """Collapse a multigraph into one directed edge per ordered pair of actors.

    A directed interaction (A accuses B) counts on A→B; an undirected one (A and B
    met) counts on both A→B and B→A. Each edge carries ``weight`` (distinct events or
    interactions, as ``weight`` chooses). Self-loops are dropped; nodes keep their
    attributes.

    Parameters
    ----------
    multigraph : networkx.MultiDiGraph or networkx.DiGraph
        As :func:`build_multigraph` or :func:`build_aggregated_graph` returns it.
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
    _check_weight(weight)
    if is_aggregated(multigraph):
        return _directed_view_of_dyads(multigraph, weight)
    view = nx.DiGraph()
    view.add_nodes_from(multigraph.nodes(data=True))
    seen: set[tuple[Any, Any, tuple[str, ...]]] = set()
    for u, v, data in multigraph.edges(data=True):
        if u == v:
            continue
        key = event_key(u, v, data)
        arcs = [(u, v)] if data.get("directed", True) else [(u, v), (v, u)]
        for a, b in arcs:
            if weight == "events":
                if (a, b, key) in seen:
                    continue
                seen.add((a, b, key))
            if view.has_edge(a, b):
                view[a][b]["weight"] += 1
            else:
                view.add_edge(a, b, weight=1)
    return view


def _directed_view_of_dyads(graph: nx.DiGraph, weight: str) -> nx.DiGraph:
    """:func:`directed_view` of an aggregated graph, from the arc weights on its edges."""
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


def _as_set(
    values: Iterable[str] | str | None,
    name: str,
    valid: Iterable[str] | None,
    *,
    upper: bool = True,
) -> set[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    out = {v.strip().upper() if upper else v.strip().lower() for v in values if v.strip()}
    if not out:
        return None
    if valid is not None:
        unknown = sorted(out - set(valid))
        if unknown:
            raise FilterError(
                f"unknown {name} {', '.join(unknown)}: choose from {', '.join(valid)}"
            )
    return out


def _check_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    from actorgraph.dates import check_filter_date

    try:  # a month or day that does not exist (2005-13) is an error, not an empty graph
        return check_filter_date(value, name)
    except ValueError as exc:
        raise FilterError(str(exc)) from None


def filter_graph(
    graph: nx.MultiDiGraph,
    *,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | str | None = None,
    quads: Iterable[str] | str | None = None,
    statuses: Iterable[str] | str | None = None,
    countries: Iterable[str] | str | None = None,
    min_weight: int | None = None,
    weight: str = "events",
    provenance: Iterable[str] | str | None = None,
) -> nx.MultiDiGraph:
    """Keep the interactions that pass every filter given.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`build_multigraph` returns it.
    since, until : str, optional
        Inclusive bounds on the interaction's date: ``YYYY-MM-DD``, or a month
        ``YYYY-MM`` or year ``YYYY`` meaning all of it. With either bound, undated
        interactions are left out.
    types : iterable of str or str, optional
        PLOVER event types to keep (a comma-separated string is split).
    quads : iterable of str or str, optional
        Quad classes to keep: verbal-coop, material-coop, verbal-conf, material-conf,
        neutral.
    statuses : iterable of str or str, optional
        occurred, planned, negated.
    countries : iterable of str or str, optional
        Keep interactions with an actor of one of these countries on either side.
    min_weight : int, optional
        Then drop every pair of actors with fewer than ``min_weight`` interactions
        between them (counted in either direction, in the unit ``weight`` names).
    weight : {"events", "mentions"}
        The unit of ``min_weight``.
    provenance : iterable of str or str, optional
        Keep interactions of these provenances: ``extracted`` (news parsed by
        actorgraph), ``gdelt``, ``icews``, ``polecat`` (imported records).

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (attribute dicts copied). With no filter it holds every actor;
        with any filter, only the actors of the interactions kept.

    Raises
    ------
    FilterError
        For a malformed date, an unknown type, quad class, status or weight.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="ACCUSE", quad="verbal-conf", date="2024-03-01")
    0
    >>> g.add_edge("a", "c", type="AID", quad="material-coop", date="2024-05-01")
    0
    >>> sorted(filter_graph(g, since="2024-04").edges())
    [('a', 'c')]
    """
    require_interactions(graph, "filter_graph")
    _check_weight(weight)
    since = _check_date(since, "since")
    until = _check_date(until, "until")
    type_set = _as_set(types, "event type", EVENT_TYPES)
    quad_set = _as_set(quads, "quad class", QUADS, upper=False)
    status_set = _as_set(statuses, "status", STATUSES, upper=False)
    country_set = _as_set(countries, "country", None)
    provenance_set = _as_set(provenance, "provenance", PROVENANCES, upper=False)
    if min_weight is not None and min_weight < 0:
        raise FilterError("min_weight must be 0 or more")
    active = any(
        x is not None
        for x in (since, until, type_set, quad_set, status_set, country_set, provenance_set)
    ) or bool(min_weight)
    if not active:
        return graph.copy()

    def keep(u: Any, v: Any, data: Mapping[str, Any]) -> bool:
        if since or until:
            day = str(data.get("date") or "")
            if not day:
                return False
            if since and day[: len(since)] < since:
                return False
            if until and day[: len(until)] > until:
                return False
        if type_set is not None and str(data.get("type", "")).upper() not in type_set:
            return False
        quad = data.get("quad") or QUAD_CLASS.get(str(data.get("type", "")), "neutral")
        if quad_set is not None and quad not in quad_set:
            return False
        if status_set is not None and str(data.get("status", "")) not in status_set:
            return False
        if provenance_set is not None:
            if str(data.get("provenance") or "extracted") not in provenance_set:
                return False
        if country_set is not None:
            cu = str(graph.nodes[u].get("country") or "").upper()
            cv = str(graph.nodes[v].get("country") or "").upper()
            if cu not in country_set and cv not in country_set:
                return False
        return True

    kept = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if keep(u, v, d)]
    if min_weight:
        units: dict[frozenset, set] = {}
        for u, v, k, d in kept:
            unit = event_key(u, v, d) if weight == "events" else (u, v, k)
            units.setdefault(frozenset((u, v)), set()).add(unit)
        strong = {pair for pair, seen in units.items() if len(seen) >= min_weight}
        kept = [e for e in kept if frozenset(e[:2]) in strong]
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    nodes = {n for e in kept for n in e[:2]}
    out.add_nodes_from((n, dict(a)) for n, a in graph.nodes(data=True) if n in nodes)
    out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in kept)
    return out


def load_graph(
    store: Store | str | Path,
    *,
    evidence: bool = True,
    **filters: Any,
) -> nx.MultiDiGraph:
    """The multigraph of a store, filtered.

    Parameters
    ----------
    store : Store or path
        An open store, or the path of one (the ``--out`` directory of a build or its
        ``.db`` file), opened read-only for the call.
    evidence : bool, default True
        Keep every field of the interaction record on the edges (see
        :func:`build_multigraph`).
    **filters
        Passed to :func:`filter_graph` (``since``, ``until``, ``types``, ``quads``,
        ``statuses``, ``countries``, ``min_weight``, ``weight``).

    Returns
    -------
    networkx.MultiDiGraph
        The graph attribute ``documents`` holds the number of stored documents.

    Raises
    ------
    StoreError
        If there is no store at the path.
    FilterError
        If a filter value is not valid.
    """
    from actorgraph.store import Store

    if isinstance(store, Store):
        return _load(store, evidence, filters)
    with Store(store, create=False) as opened:
        return _load(opened, evidence, filters)


def _load(store: Store, evidence: bool, filters: dict[str, Any]) -> nx.MultiDiGraph:
    graph = build_multigraph(
        store.actors(),
        store.iter_interactions(),
        mentions=store.mention_counts(),
        evidence=evidence,
        documents=store.document_info(),
    )
    graph.graph["documents"] = store.counts()["documents"]
    given = {k: v for k, v in filters.items() if v is not None and k != "weight"}
    if not given:  # nothing to filter: spare the copy
        _check_weight(filters.get("weight") or "events")
        return graph
    return filter_graph(graph, **filters)


def load_aggregated_graph(
    store: Store | str | Path, *, evidence_per_dyad: int | None = None
) -> nx.DiGraph:
    """The aggregated graph of a store (see :func:`build_aggregated_graph`), unfiltered.

    Parameters
    ----------
    store : Store or path
        An open store, or the path of one, opened read-only for the call.
    evidence_per_dyad : int, optional
        Interactions kept in full per dyad (default
        :data:`actorgraph.store.EVIDENCE_PER_DYAD`).

    Returns
    -------
    networkx.DiGraph

    Raises
    ------
    StoreError
        If there is no store at the path.
    """
    from actorgraph.store import EVIDENCE_PER_DYAD, Store

    k = EVIDENCE_PER_DYAD if evidence_per_dyad is None else evidence_per_dyad
    if isinstance(store, Store):
        return build_aggregated_graph(store.aggregate(k))
    with Store(store, create=False) as opened:
        return build_aggregated_graph(opened.aggregate(k))


def load_summary_graph(store: Store | str | Path, **filters: Any) -> nx.Graph:
    """The graph ``stats`` and the page need: aggregated unless a filter asks for more.

    The filters of :func:`filter_graph` look at single interactions (their dates,
    types, statuses, actors, and the pairs they add up to), so a filtered graph is
    the filtered multigraph (:func:`load_graph`, without evidence fields); without
    a filter it is the aggregated graph (:func:`load_aggregated_graph`), whose size
    grows with actors, not documents. :func:`actorgraph.analyze.stats` and
    :func:`actorgraph.render.render_html` give the same results on both.

    Parameters
    ----------
    store : Store or path
    **filters
        As :func:`load_graph` takes them; ``weight`` alone is not a filter.

    Raises
    ------
    StoreError
        If there is no store at the path.
    FilterError
        If a filter value is not valid.
    """
    given = {k: v for k, v in filters.items() if v is not None and k != "weight"}
    if given:
        return load_graph(store, evidence=False, **filters)
    _check_weight(filters.get("weight") or "events")
    return load_aggregated_graph(store)


def quad_counts(values: Iterable[str]) -> dict[str, int]:
    """Counts of quad classes in :data:`QUADS` order, zero for those absent.

    Examples
    --------
    >>> quad_counts(["verbal-coop", "verbal-coop", "neutral"])["verbal-coop"]
    2
    """
    counts = Counter(values)
    return {q: counts.get(q, 0) for q in QUADS}
