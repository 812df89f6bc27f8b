"""Build NetworkX graphs from actors and interactions: one edge per interaction, and a weighted view."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from actorgraph.model import Actor, Interaction


def build_multigraph(
    actors: Iterable[Actor],
    interactions: Iterable[Interaction],
    *,
    mentions: dict[str, int] | None = None,
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
        graph.add_edge(
            it.source_id,
            it.target_id,
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
    return graph


def weighted_view(multigraph: nx.MultiDiGraph) -> nx.Graph:
    """Collapse a multigraph into one undirected edge per pair of actors.

    Each edge carries ``weight`` (the number of interactions), ``types`` (a dict of
    counts by event type) and ``quads`` (counts by quad class). Nodes keep their
    attributes.

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
    view = nx.Graph()
    view.add_nodes_from(multigraph.nodes(data=True))
    for u, v, data in multigraph.edges(data=True):
        if u == v:
            continue
        if view.has_edge(u, v):
            edge = view[u][v]
        else:
            view.add_edge(u, v, weight=0, types={}, quads={})
            edge = view[u][v]
        edge["weight"] += 1
        edge["types"][data.get("type", "")] = edge["types"].get(data.get("type", ""), 0) + 1
        edge["quads"][data.get("quad", "")] = edge["quads"].get(data.get("quad", ""), 0) + 1
    return view
