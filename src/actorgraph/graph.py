"""NetworkX graphs of a store: the multigraph of every interaction, filtered, and loading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from actorgraph.errors import FilterError as FilterError  # where it was raised from
from actorgraph.filters import GraphFilter
from actorgraph.model import PROVENANCES as PROVENANCES  # the --provenance values
from actorgraph.model import QUADS, Actor, Interaction
from actorgraph.summary import (
    EVIDENCE_PER_DYAD,
    event_id,
    event_key,
    evidence_attrs,
    require_multigraph,
    source_attrs,
    summary_graph,
)
from actorgraph.summary import SOURCE_ATTRS as SOURCE_ATTRS  # the edges' source fields
from actorgraph.summary import directed_view as directed_view  # moved to summary.py:
from actorgraph.summary import interaction_count as interaction_count  # the old names
from actorgraph.summary import weighted_view as weighted_view  # stay importable here

if TYPE_CHECKING:
    from actorgraph.store import Store

#: The name :func:`actorgraph.summary.summary_graph` had before it had a module.
build_aggregated_graph = summary_graph


def build_multigraph(
    actors: Iterable[Actor],
    interactions: Iterable[Interaction],
    *,
    mentions: dict[str, int] | None = None,
    evidence: bool = False,
    keys: Iterable[int] | None = None,
    documents: Mapping[str, Mapping[str, str]] | None = None,
) -> nx.MultiDiGraph:
    """Return a multigraph with one node per actor and one edge per interaction.

    Parameters
    ----------
    actors : iterable of Actor
        The actors; each becomes a node keyed by its id, with attributes ``label``,
        ``type``, ``country`` ("" when unknown), ``country_source`` ("text", or
        "inferred" from what the actor's documents are about; "" without a country),
        ``aliases`` (a "; "-joined string) and ``mentions``.
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
    keys : iterable of int, optional
        The edge key of each interaction (default: networkx's, 0, 1, ... per pair).
    documents : mapping, optional
        Where each document comes from (:meth:`actorgraph.store.Store.document_info`):
        every edge then also gets :data:`~actorgraph.summary.SOURCE_ATTRS`
        (``provenance``, ``publisher``, ``url``, ``title``, ``author``; "" when
        unknown, ``provenance`` "extracted").

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
    key_of = iter(keys) if keys is not None else None
    graph = nx.MultiDiGraph()
    for actor in actors:
        graph.add_node(
            actor.id,
            label=actor.name,
            type=actor.type,
            country=actor.country or "",
            country_source=(actor.country_source or "text") if actor.country else "",
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
                    node,
                    label=name,
                    type=kind or "",
                    country=country or "",
                    country_source="text" if country else "",
                    aliases="",
                    mentions=0,
                )
        attrs = evidence_attrs(it)
        if documents is not None:
            attrs.update(source_attrs(documents.get(it.doc_id)))
        if evidence:
            attrs["sentence_start"] = int(it.start)
            attrs["sentence_end"] = int(it.end)
            attrs["confidence"] = float(it.confidence)
            attrs["event"] = event_id(it.source_id, it.target_id, attrs)
        key = next(key_of) if key_of is not None else None
        graph.add_edge(it.source_id, it.target_id, key, **attrs)
    return graph


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


def filter_graph(
    graph: nx.MultiDiGraph, where: GraphFilter | None = None, **filters: Any
) -> nx.MultiDiGraph:
    """Keep the interactions that pass every filter given.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`build_multigraph` returns it.
    where : GraphFilter, optional
        The filter (see :class:`actorgraph.filters.GraphFilter`).
    **filters
        Or its fields as keywords: ``since``, ``until``, ``types``, ``quads``,
        ``statuses``, ``countries``, ``min_confidence``, ``provenance``,
        ``min_weight``, ``weight``.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (attribute dicts copied). With no filter it holds every actor;
        with any filter, only the actors of the interactions kept. Edge keys are the
        original graph's.

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
    require_multigraph(graph, "filter_graph")
    f = GraphFilter.of(where, **filters)
    if not f.active:
        return graph.copy()

    def country(node: Any) -> str:
        return str(graph.nodes[node].get("country") or "")

    kept = [
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if not f.per_interaction or f.keeps(d, country(u), country(v))
    ]
    if f.min_weight:
        units: dict[frozenset, set] = {}
        for u, v, k, d in kept:
            unit = event_key(u, v, d) if f.weight == "events" else (u, v, k)
            units.setdefault(frozenset((u, v)), set()).add(unit)
        strong = {pair for pair, seen in units.items() if len(seen) >= f.min_weight}
        kept = [e for e in kept if frozenset(e[:2]) in strong]
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    nodes = {n for e in kept for n in e[:2]}
    out.add_nodes_from((n, dict(a)) for n, a in graph.nodes(data=True) if n in nodes)
    out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in kept)
    return out


def load_graph(
    store: Store | str | Path,
    where: GraphFilter | None = None,
    *,
    evidence: bool = True,
    **filters: Any,
) -> nx.MultiDiGraph:
    """The multigraph of a store, filtered.

    The per-interaction filters are pushed into the store's SQL, so that only the
    interactions kept are read into Python; ``min_weight`` (a pair's total) is then
    applied to the graph.

    Parameters
    ----------
    store : Store or path
        An open store, or the path of one (the ``--out`` directory of a build or its
        ``.db`` file), opened read-only for the call.
    where : GraphFilter, optional
        What to keep (see :class:`actorgraph.filters.GraphFilter`).
    evidence : bool, default True
        Keep every field of the interaction record on the edges (see
        :func:`build_multigraph`).
    **filters
        Or the filter's fields as keywords (``since``, ``until``, ``types``,
        ``quads``, ``statuses``, ``countries``, ``min_confidence``, ``provenance``,
        ``min_weight``, ``weight``).

    Returns
    -------
    networkx.MultiDiGraph
        The graph attribute ``documents`` holds the number of stored documents. With
        any filter, only the actors of the interactions kept are nodes; edge keys are
        those of the unfiltered graph.

    Raises
    ------
    StoreError
        If there is no store at the path.
    FilterError
        If a filter value is not valid.
    """
    from actorgraph.store import Store

    f = GraphFilter.of(where, **filters)
    if isinstance(store, Store):
        return _load(store, evidence, f)
    with Store(store, read_only=True) as opened:
        return _load(opened, evidence, f)


def _load(store: Store, evidence: bool, f: GraphFilter) -> nx.MultiDiGraph:
    if not f.per_interaction:
        graph = build_multigraph(
            store.actors(),
            store.iter_interactions(),
            mentions=store.mention_counts(),
            evidence=evidence,
            documents=store.document_info(),
        )
        graph.graph["documents"] = store.counts()["documents"]
        return filter_graph(graph, f) if f.active else graph
    # Added dyad by dyad in the order the whole store meets them, so that every node's
    # successors, and so the edges, come in the unfiltered multigraph's order.
    keyed = sorted(store.iter_interactions(f, keys=True), key=lambda row: row[2])
    ends = {end for it, _, _ in keyed for end in (it.source_id, it.target_id)}
    known = [a for a in store.actors() if a.id in ends]
    ids = {a.id for a in known}
    # An end without an actor row comes after those with one, as the whole store meets
    # it, named as its first interaction names it.
    strays = [
        Actor(node, name, "")
        for node, name in store.stray_actors()
        if node in ends and node not in ids
    ]
    graph = build_multigraph(
        known + strays,
        (it for it, _, _ in keyed),
        mentions=store.mention_counts(),
        evidence=evidence,
        keys=[k for _, k, _ in keyed],
        documents=store.document_info({it.doc_id for it, _, _ in keyed}),
    )
    graph.graph["documents"] = store.counts()["documents"]
    if f.min_weight:
        return filter_graph(graph, GraphFilter(min_weight=f.min_weight, weight=f.weight))
    return graph


def load_summary(
    store: Store | str | Path,
    where: GraphFilter | None = None,
    *,
    linked_only: bool = False,
    evidence_per_dyad: int | None = None,
    **filters: Any,
) -> nx.DiGraph:
    """The summary graph of a store (see :func:`actorgraph.summary.summary_graph`), filtered.

    Counted in SQL, filters included, so its size grows with the actors and pairs of
    actors kept, and a filtered summary reads only the interactions it keeps.

    Parameters
    ----------
    store : Store or path
        An open store, or the path of one, opened read-only for the call.
    where : GraphFilter, optional
        What to keep; with any filter only the actors of the interactions kept are
        nodes, as in the filtered multigraph.
    linked_only : bool, default False
        Only the actors that take part in an interaction (enough for the page).
    evidence_per_dyad : int, optional
        Interactions kept in full per dyad (default
        :data:`actorgraph.summary.EVIDENCE_PER_DYAD`).
    **filters
        Or the filter's fields as keywords.

    Returns
    -------
    networkx.DiGraph
        The graph attribute ``document_titles`` names the documents of its evidence.

    Raises
    ------
    StoreError
        If there is no store at the path.
    FilterError
        If a filter value is not valid.
    """
    from actorgraph.store import Store

    f = GraphFilter.of(where, **filters)
    k = EVIDENCE_PER_DYAD if evidence_per_dyad is None else evidence_per_dyad
    if isinstance(store, Store):
        view = store.aggregate(k, linked_only=linked_only, where=f)
    else:
        with Store(store, read_only=True) as opened:
            view = opened.aggregate(k, linked_only=linked_only, where=f)
    graph = summary_graph(view)
    graph.graph["document_titles"] = view.document_titles
    return graph


def load_aggregated_graph(
    store: Store | str | Path, *, evidence_per_dyad: int | None = None
) -> nx.DiGraph:
    """The unfiltered summary graph of a store: :func:`load_summary`'s old name."""
    return load_summary(store, evidence_per_dyad=evidence_per_dyad)


def quad_counts(values: Iterable[str]) -> dict[str, int]:
    """Counts of quad classes in :data:`QUADS` order, zero for those absent.

    Examples
    --------
    >>> quad_counts(["verbal-coop", "verbal-coop", "neutral"])["verbal-coop"]
    2
    """
    counts = Counter(values)
    return {q: counts.get(q, 0) for q in QUADS}
