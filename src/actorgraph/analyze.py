"""Answer the questions analysts ask of an actor graph: who matters, who sides with whom, when."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import networkx as nx

from actorgraph.errors import ActorNotFoundError
from actorgraph.graph import ordered_subgraph, quad_counts
from actorgraph.knowledge import match_key
from actorgraph.model import QUADS
from actorgraph.summary import (
    as_summary_graph,
    count_events,
    counted,
    directed_view,
    documents_with_interactions,
    event_key,
    interaction_count,
    require_multigraph,
    weighted_view,
)

#: Above this many actors, betweenness is estimated from ``k`` sampled sources.
APPROX_ABOVE = 500
#: The number of sampled sources when betweenness is estimated.
BETWEENNESS_K = 200
#: Time buckets of a timeline or a trend.
PERIODS = ("day", "week", "month")
#: Quad classes that count as cooperation and as conflict in a balance.
COOPERATION = ("verbal-coop", "material-coop")
CONFLICT = ("verbal-conf", "material-conf")
#: Centrality measures :func:`top_actors` ranks by.
MEASURES = ("degree", "weighted_degree", "pagerank", "betweenness")


# ---------------------------------------------------------------------------- helpers


def _label(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("label") or node) if node in graph else str(node)


def _actor(graph: nx.Graph, node: Any) -> dict[str, Any]:
    attrs = graph.nodes[node]
    return {
        "id": node,
        "label": _label(graph, node),
        "type": attrs.get("type") or "",
        "country": attrs.get("country") or "",
    }


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def period_of(day: str | None, period: str = "month") -> str | None:
    """The time bucket of a date: ``2024-03-12`` (day), ``2024-W11`` (ISO week), ``2024-03``.

    Parameters
    ----------
    day : str or None
        An ISO date; a month ``YYYY-MM`` only has a month bucket.
    period : {"day", "week", "month"}

    Returns
    -------
    str or None
        None when the date is missing or too coarse for the bucket.

    Examples
    --------
    >>> period_of("2024-03-12", "week")
    '2024-W11'
    >>> period_of("2024-03", "day") is None
    True
    """
    _check_period(period)
    if not day:
        return None
    try:
        parsed = date.fromisoformat(day[:10])
    except ValueError:
        if period == "month" and re.match(r"^\d{4}-\d{2}$", day):
            return day
        return None
    if period == "day":
        return parsed.isoformat()
    if period == "week":
        year, week, _ = parsed.isocalendar()
        return f"{year}-W{week:02d}"
    return parsed.strftime("%Y-%m")


def _period_start(label: str, period: str) -> date:
    if period == "day":
        return date.fromisoformat(label)
    if period == "week":
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return date.fromisoformat(label + "-01")


def _period_index(label: str, period: str) -> int:
    """Consecutive integers for consecutive periods."""
    start = _period_start(label, period)
    if period == "month":
        return start.year * 12 + start.month - 1
    if period == "week":
        return start.toordinal() // 7
    return start.toordinal()


def _next_period(label: str, period: str) -> str:
    start = _period_start(label, period)
    if period == "day":
        return (start + timedelta(days=1)).isoformat()
    if period == "week":
        return period_of((start + timedelta(days=7)).isoformat(), "week") or label
    month = start.year * 12 + start.month  # the next month, 0-based
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _units(
    graph: nx.MultiDiGraph, edges: Iterable[tuple[Any, Any, Any, Mapping[str, Any]]], weight: str
) -> list[tuple[Any, Any, Mapping[str, Any]]]:
    """The edges counted once per event (``weight="events"``) or once each ("mentions")."""
    if weight not in ("events", "mentions"):
        raise ValueError(f"weight must be events or mentions, not {weight!r}")
    out = []
    seen: set[tuple[str, ...]] = set()
    for u, v, _, data in edges:
        if weight == "events":
            key = event_key(u, v, data)
            if key in seen:
                continue
            seen.add(key)
        out.append((u, v, data))
    return out


def _linked(graph: nx.Graph) -> nx.Graph:
    """The actors that have a partner and their interactions (self-loops aside), copied.

    Most actors of a news corpus are named without interacting with anyone; the
    analyses that walk the graph need not carry them. Nodes and edges keep the
    graph's order (a networkx subgraph of few nodes iterates them in the order of a
    set, which changes with Python's hash seed, and so would sampled betweenness and
    Louvain communities).
    """
    edges = [e for e in graph.edges(data=True) if e[0] != e[1]]
    keep = {node for edge in edges for node in edge[:2]}
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, attrs) for n, attrs in graph.nodes(data=True) if n in keep)
    out.add_edges_from(edges)
    return out


def _pagerank(
    graph: nx.DiGraph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6
) -> dict[Any, float]:
    """PageRank by power iteration in plain Python, as :func:`networkx.pagerank` defines it.

    networkx's own goes through SciPy, whose import alone takes longer than the whole
    iteration on a graph of a few thousand actors. Dangling actors spread their rank
    evenly; links count by their ``weight``.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    out_weight = {u: sum(d.get("weight", 1) for d in graph[u].values()) for u in graph}
    dangling = [u for u, w in out_weight.items() if w == 0]
    rank = dict.fromkeys(graph, 1.0 / n)
    for _ in range(max_iter):
        last = rank
        spread = alpha * sum(last[u] for u in dangling) / n + (1.0 - alpha) / n
        rank = dict.fromkeys(graph, spread)
        for u, nbrs in graph.adjacency():
            if out_weight[u]:
                share = alpha * last[u] / out_weight[u]
                for v, d in nbrs.items():
                    rank[v] += share * d.get("weight", 1)
        if sum(abs(rank[u] - last[u]) for u in rank) < n * tol:
            return rank
    raise nx.PowerIterationFailedConvergence(max_iter)


def _slope(points: Sequence[tuple[float, float]]) -> float | None:
    """The least-squares slope of y on x, or None with fewer than two distinct x."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx


def balance(cooperation: int, conflict: int) -> float | None:
    """``(cooperation - conflict) / (cooperation + conflict)``: +1 all cooperation, -1 all conflict.

    Examples
    --------
    >>> balance(3, 1)
    0.5
    >>> balance(0, 0) is None
    True
    """
    total = cooperation + conflict
    return None if total == 0 else (cooperation - conflict) / total


# ---------------------------------------------------------------------------- actors


def find_actors(graph: nx.Graph, query: str, *, exact: bool = False) -> list[Any]:
    """Actors whose id, name or any alias matches ``query``, best match first.

    Matching ignores case, accents, spaces and punctuation. Exact matches of a whole
    name or alias come first, then names that contain the query; within each, actors
    with more interactions first.

    Parameters
    ----------
    graph : networkx graph
        Nodes with ``label`` and ``aliases`` ("; "-joined) attributes.
    query : str
    exact : bool, default False
        Only actors with a name, alias or id equal to the query (after folding).

    Returns
    -------
    list
        Node ids; empty when nothing matches.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("p1", label="Volodymyr Zelenskyy", aliases="Zelenskyy; Zelensky")
    >>> g.add_node("p2", label="Olena Zelenska", aliases="")
    >>> find_actors(g, "ZELENSKY")
    ['p1']
    """
    wanted = match_key(query)
    if not wanted:
        return []
    found: list[Any] = []
    partial: list[Any] = []
    for node, attrs in graph.nodes(data=True):
        names = [str(node), str(attrs.get("label") or "")]
        names += [a for a in str(attrs.get("aliases") or "").split(";")]
        folded = [match_key(n) for n in names if n.strip()]
        if wanted in folded:
            found.append(node)
        elif any(wanted in f for f in folded):
            partial.append(node)

    def rank(node: Any) -> tuple[int, str, str]:
        return (-graph.degree(node), _label(graph, node).casefold(), str(node))

    if exact:
        return sorted(found, key=rank)
    return sorted(found, key=rank) + sorted(partial, key=rank)


def resolve_actor(graph: nx.Graph, query: str) -> Any:
    """The actor a query most likely means: an id, else the best of :func:`find_actors`.

    Raises
    ------
    ActorNotFoundError
        If no actor matches.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("RUS", label="Russia", aliases="Moscow; the Kremlin")
    >>> resolve_actor(g, "kremlin")
    'RUS'
    """
    if query in graph:
        return query
    found = find_actors(graph, query)
    if not found:
        raise ActorNotFoundError(f"no actor matches {query!r}: try `actorgraph actors STORE`")
    return found[0]


def other_matches(graph: nx.Graph, query: str, node: Any) -> int:
    """How many other actors a query could mean, when :func:`resolve_actor` chose ``node``.

    0 when the query is the actor's id, or names exactly that actor and no other: the
    choice is then certain. Otherwise the number of other actors that match, so that a
    caller can say the choice was a guess.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Anna Smith")
    >>> g.add_node("b", label="Anna Jones")
    >>> other_matches(g, "anna", resolve_actor(g, "anna"))
    1
    """
    if node == query or find_actors(graph, query, exact=True) == [node]:
        return 0
    return len(find_actors(graph, query)) - 1


def actor_summary(
    graph: nx.MultiDiGraph, query: str | None = None, *, weight: str = "events"
) -> list[dict[str, Any]]:
    """One row per actor: type, country, aliases, mentions, interactions, events, partners.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`actorgraph.graph.build_multigraph` returns it.
    query : str, optional
        Only actors that :func:`find_actors` matches, in its order.
    weight : {"events", "mentions"}
        Which count orders the rows (without a query).

    Returns
    -------
    list of dict
        Keys ``id label type country country_source aliases mentions interactions
        events partners`` (``country_source``: "text", "inferred" or "");
        ``interactions`` counts every report, ``events`` distinct events, self-loops
        aside.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="ACCUSE", date="2024-01-01", doc_id="d1")
    0
    >>> g.add_edge("a", "b", type="ACCUSE", date="2024-01-01", doc_id="d2")
    1
    >>> row = actor_summary(g)[0]
    >>> row["interactions"], row["events"], row["partners"]
    (2, 1, 1)
    """
    require_multigraph(graph, "actor_summary")
    interactions: Counter = Counter()
    events: dict[Any, set] = {}
    partners: dict[Any, set] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        key = event_key(u, v, data)
        for a, b in ((u, v), (v, u)):
            interactions[a] += 1
            events.setdefault(a, set()).add(key)
            partners.setdefault(a, set()).add(b)
    nodes = find_actors(graph, query) if query else list(graph.nodes)
    rows = []
    for node in nodes:
        attrs = graph.nodes[node]
        aliases = [a.strip() for a in str(attrs.get("aliases") or "").split(";") if a.strip()]
        rows.append(
            {
                **_actor(graph, node),
                "country_source": attrs.get("country_source") or "",
                "aliases": aliases,
                "mentions": int(attrs.get("mentions") or 0),
                "interactions": interactions[node],
                "events": len(events.get(node, ())),
                "partners": len(partners.get(node, ())),
            }
        )
    if not query:
        unit = "events" if weight == "events" else "interactions"
        rows.sort(key=lambda r: (-r[unit], -r["mentions"], r["label"].casefold(), str(r["id"])))
    return rows


# ---------------------------------------------------------------------------- centrality


def centrality(
    graph: nx.MultiDiGraph,
    *,
    weight: str = "events",
    k: int | None = None,
    approx_above: int = APPROX_ABOVE,
    seed: int | None = 0,
    view: nx.Graph | None = None,
) -> dict[str, dict[Any, float]]:
    """Degree, weighted degree, PageRank and betweenness of every actor.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph (:func:`actorgraph.summary.summary_graph`); a multigraph is
        summed up first (:func:`actorgraph.summary.as_summary_graph`).
    weight : {"events", "mentions"}
        What a link's weight counts.
    k : int, optional
        Estimate betweenness from ``k`` sampled source actors. By default it is exact
        up to ``approx_above`` actors, and estimated from ``BETWEENNESS_K`` samples
        above that.
    approx_above : int
        See ``k``.
    seed : int, optional
        Seed of the sampling, so that estimates repeat.
    view : networkx.Graph, optional
        ``weighted_view(graph, weight=weight)``, when already at hand.

    Returns
    -------
    dict
        ``degree`` (number of partners), ``weighted_degree`` (the sum of link
        weights), ``pagerank`` (on the directed view: an undirected interaction counts
        both ways) and ``betweenness`` (normalized, over links regardless of weight),
        each a dict of node to score; ``betweenness_k`` is the number of samples used
        (None when exact). PageRank and betweenness are computed over the actors that
        have a partner (the others score 0), and so is the ``approx_above`` count.

    Notes
    -----
    Betweenness over all pairs costs O(nm); sampling ``k`` sources [1]_ brings it to
    O(km) with an error that shrinks as ``k`` grows.

    References
    ----------
    .. [1] Brandes, U., & Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos, 17(7), 2303-2318.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> centrality(g)["betweenness"]["b"]
    1.0
    """
    graph = as_summary_graph(graph)  # once, for the views and walks below
    if view is None:
        view = weighted_view(graph, weight=weight)
    # Actors without a partner score 0 on every measure; leaving them out of the
    # walks keeps betweenness from spending its samples (and its time) on them.
    linked = _linked(graph)
    core = ordered_subgraph(view, linked)  # a copy walks much faster than a view
    n = core.number_of_nodes()
    if k is None and n > approx_above:
        k = BETWEENNESS_K
    if k is not None and k >= n:
        k = None
    zero = dict.fromkeys(view, 0.0)
    directed = directed_view(linked, weight=weight)
    pagerank = {**zero, **_pagerank(directed)}
    between = {**zero, **nx.betweenness_centrality(core, k=k, seed=seed)} if n else zero
    return {
        "degree": {node: float(d) for node, d in view.degree()},
        "weighted_degree": {node: float(d) for node, d in view.degree(weight="weight")},
        "pagerank": pagerank,
        "betweenness": between,
        "betweenness_k": k,  # type: ignore[dict-item]
    }


def top_actors(
    graph: nx.MultiDiGraph,
    by: str = "degree",
    n: int = 10,
    *,
    scores: Mapping[Any, float] | None = None,
    **options: Any,
) -> list[dict[str, Any]]:
    """The ``n`` actors with the highest score of one centrality measure.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph, or a multigraph summed up first (see :func:`centrality`).
    by : {"degree", "weighted_degree", "pagerank", "betweenness"}
    n : int
    scores : mapping, optional
        Scores already computed (from :func:`centrality`); else computed here.
    **options
        Passed to :func:`centrality` (``weight``, ``k``, ``seed``).

    Returns
    -------
    list of dict
        ``id label type country score``, highest first, ties by label; actors scoring
        zero are left out.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> [r["id"] for r in top_actors(g, "degree", 1)]
    ['a']
    """
    if by not in MEASURES:
        raise ValueError(f"by must be one of {', '.join(MEASURES)}, not {by!r}")
    if scores is None:
        scores = centrality(graph, **options)[by]
    ranked = sorted(
        (node for node, score in scores.items() if score > 0),
        key=lambda node: (-scores[node], _label(graph, node).casefold(), str(node)),
    )
    return [{**_actor(graph, node), "score": scores[node]} for node in ranked[:n]]


# ---------------------------------------------------------------------------- communities


def communities(
    graph: nx.MultiDiGraph,
    *,
    weight: str = "events",
    seed: int | None = 0,
    resolution: float = 1.0,
    view: nx.Graph | None = None,
) -> list[list[Any]]:
    """Groups of actors that deal more with each other than with the rest (Louvain).

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph, or a multigraph summed up first (see :func:`centrality`).
    weight : {"events", "mentions"}
        What a link's weight counts.
    seed : int, optional
        Seed of Louvain's node order, so that runs repeat.
    resolution : float
        Above 1, smaller communities; below 1, larger ones.
    view : networkx.Graph, optional
        ``weighted_view(graph, weight=weight)``, when already at hand.

    Returns
    -------
    list of list
        Communities of the actors that have at least one partner, largest first;
        the members of each sorted by weighted degree, then id.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008).
       Fast unfolding of communities in large networks. J. Stat. Mech., P10008.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    >>> communities(g)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    graph = as_summary_graph(graph)  # once, for the views and walks below
    if view is None:
        view = weighted_view(graph, weight=weight)
    core = ordered_subgraph(view, [node for node, d in view.degree() if d > 0])
    if core.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        core, weight="weight", resolution=resolution, seed=seed
    )
    strength = dict(core.degree(weight="weight"))
    groups = [sorted(c, key=lambda node: (-strength[node], str(node))) for c in found]
    groups.sort(key=lambda c: (-len(c), str(min(c, key=str))))
    return groups


def brokers(
    graph: nx.MultiDiGraph,
    groups: Sequence[Iterable[Any]] | None = None,
    *,
    weight: str = "events",
    n: int | None = 10,
    seed: int | None = 0,
    view: nx.Graph | None = None,
) -> list[dict[str, Any]]:
    """Actors who bridge communities, by their participation coefficient.

    An actor's participation coefficient [1]_ is ``1 - sum_c (k_c / k) ** 2``, where
    ``k`` is its weighted degree and ``k_c`` the weight of its links into community
    ``c``: 0 when all its dealings stay within one community, near 1 when they spread
    evenly over many.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph, or a multigraph summed up first (see :func:`centrality`).
    groups : sequence of iterables, optional
        Communities (from :func:`communities`); found here when not given.
    weight : {"events", "mentions"}
    n : int, optional
        Most brokers returned (None: all).
    seed : int, optional
        Seed of :func:`communities` when it runs here.
    view : networkx.Graph, optional
        ``weighted_view(graph, weight=weight)``, when already at hand.

    Returns
    -------
    list of dict
        ``id label type country community communities participation outside``:
        the actor's own community (index into ``groups``), how many communities its
        partners span (its own included), its participation coefficient and the
        weight of its links outside its community. Only actors with some link outside
        their community: those reaching the most communities first, then those with
        the most weight outside, then by participation.

    References
    ----------
    .. [1] Guimerà, R., & Amaral, L. A. N. (2005). Functional cartography of complex
       metabolic networks. Nature, 433, 895-900.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> [b["id"] for b in brokers(g, [["a", "b"], ["c", "d"]])]
    ['b', 'c']
    """
    graph = as_summary_graph(graph)  # once, for the views and walks below
    if view is None:
        view = weighted_view(graph, weight=weight)
    if groups is None:
        groups = communities(graph, weight=weight, seed=seed, view=view)
    member = {node: i for i, group in enumerate(groups) for node in group}
    rows = []
    for node in view:
        if node not in member:
            continue
        by_group: Counter = Counter()
        for partner, edge in view[node].items():
            by_group[member.get(partner, -1)] += edge["weight"]
        total = sum(by_group.values())
        own = member[node]
        outside = total - by_group.get(own, 0)
        if total == 0 or outside == 0:
            continue
        participation = 1.0 - sum((w / total) ** 2 for w in by_group.values())
        reached = len(set(by_group) | {own})
        rows.append(
            {
                **_actor(graph, node),
                "community": own,
                "communities": reached,
                "participation": participation,
                "outside": outside,
            }
        )
    rows.sort(
        key=lambda r: (
            -r["communities"],
            -r["outside"],
            -r["participation"],
            r["label"].casefold(),
            str(r["id"]),
        )
    )
    return rows if n is None else rows[:n]


# ---------------------------------------------------------------------------- reciprocity


def reciprocity(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """How often directed dealings (accusations, requests, aid…) go both ways.

    Undirected interactions (meetings, talks) are mutual by nature and left out.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph, or a multigraph summed up first (see :func:`centrality`).

    Returns
    -------
    dict
        ``directed_pairs`` (pairs of actors with a directed interaction),
        ``mutual_pairs`` (those with directed interactions both ways),
        ``reciprocity`` (mutual_pairs / directed_pairs, None without any) and
        ``edge_reciprocity`` (the share of directed links whose reverse exists, as
        :func:`networkx.overall_reciprocity` computes it).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    >>> r = reciprocity(g)
    >>> r["mutual_pairs"], r["directed_pairs"], r["reciprocity"]
    (1, 2, 0.5)
    """
    arcs = nx.DiGraph()
    # a dyad counts when any of its interactions is directed
    arcs.add_edges_from(
        (u, v) for u, v, n in as_summary_graph(graph).edges(data="directed") if u != v and n
    )
    pairs = {frozenset(e) for e in arcs.edges()}
    mutual = sum(1 for u, v in arcs.edges() if arcs.has_edge(v, u)) // 2
    return {
        "directed_pairs": len(pairs),
        "mutual_pairs": mutual,
        "reciprocity": mutual / len(pairs) if pairs else None,
        "edge_reciprocity": nx.overall_reciprocity(arcs) if arcs.number_of_edges() else None,
    }


# ---------------------------------------------------------------------------- balance


def _side_of(quad: str) -> str:
    if quad in COOPERATION:
        return "cooperation"
    if quad in CONFLICT:
        return "conflict"
    return "neutral"


def _direction(slope: float | None) -> str | None:
    if slope is None:
        return None
    if slope > 1e-9:
        return "toward cooperation"
    if slope < -1e-9:
        return "toward conflict"
    return "steady"


def dyad_balance(
    graph: nx.MultiDiGraph,
    *,
    weight: str = "events",
    period: str = "month",
    n: int | None = None,
    pairs: Iterable[tuple[Any, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Per pair of actors, the balance of cooperation and conflict, and its trend.

    Cooperation counts the quad classes verbal-coop and material-coop, conflict
    verbal-conf and material-conf (PLOVER); neutral statements count in neither.
    The balance is ``(cooperation - conflict) / (cooperation + conflict)``, from +1
    (only cooperation) to -1 (only conflict). The trend is the least-squares slope of
    the balance per period over the periods that have any, in balance points per
    period: positive means the pair moves toward cooperation.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph, or a multigraph summed up first (see :func:`centrality`).
    weight : {"events", "mentions"}
        Count distinct events or every report.
    period : {"day", "week", "month"}
        The time bucket of the trend.
    n : int, optional
        Keep the ``n`` pairs with the most interactions.
    pairs : iterable of (node, node), optional
        Only these pairs.

    Returns
    -------
    list of dict
        ``source target source_label target_label cooperation conflict neutral total
        balance trend direction series`` (``series``: one dict per period with
        ``period cooperation conflict balance``), busiest pairs first. ``source`` and
        ``target`` are in sorted order: a balance has no direction.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", quad="verbal-coop", date="2024-01-05")
    0
    >>> g.add_edge("a", "b", quad="verbal-conf", date="2024-02-05")
    1
    >>> row = dyad_balance(g)[0]
    >>> row["balance"], row["trend"], row["direction"]
    (0.0, -2.0, 'toward conflict')
    """
    _check_period(period)
    wanted = None if pairs is None else {frozenset(p) for p in pairs}
    totals: dict[tuple[Any, Any], Counter] = {}
    series: dict[tuple[Any, Any], dict[str, Counter]] = {}
    for u, v, quad, day, count in counted(graph, weight):
        if u == v or (wanted is not None and frozenset((u, v)) not in wanted):
            continue
        pair = (u, v) if str(u) <= str(v) else (v, u)
        side = _side_of(quad)
        totals.setdefault(pair, Counter())[side] += count
        bucket = period_of(day or None, period)
        if bucket is not None and side != "neutral":
            series.setdefault(pair, {}).setdefault(bucket, Counter())[side] += count
    rows = []
    for pair, tally in totals.items():
        points = []
        steps = []
        for bucket in sorted(series.get(pair, {})):
            c = series[pair][bucket]
            b = balance(c["cooperation"], c["conflict"])
            steps.append(
                {
                    "period": bucket,
                    "cooperation": c["cooperation"],
                    "conflict": c["conflict"],
                    "balance": b,
                }
            )
            points.append((float(_period_index(bucket, period)), float(b or 0.0)))
        slope = _slope(points)
        rows.append(
            {
                "source": pair[0],
                "target": pair[1],
                "source_label": _label(graph, pair[0]),
                "target_label": _label(graph, pair[1]),
                "cooperation": tally["cooperation"],
                "conflict": tally["conflict"],
                "neutral": tally["neutral"],
                "total": sum(tally.values()),
                "balance": balance(tally["cooperation"], tally["conflict"]),
                "trend": slope,
                "direction": _direction(slope),
                "series": steps,
            }
        )
    rows.sort(key=lambda r: (-r["total"], str(r["source"]), str(r["target"])))
    return rows if n is None else rows[:n]


# ---------------------------------------------------------------------------- time


def timeline(
    graph: nx.MultiDiGraph,
    actors: Sequence[Any] = (),
    *,
    period: str = "month",
    weight: str = "events",
    fill: bool = True,
    documents: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Interactions per day, week or month, by quad class.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    actors : sequence of node ids
        None: every interaction; one: those of this actor; two: those between them
        (either direction).
    period : {"day", "week", "month"}
    weight : {"events", "mentions"}
        Count distinct events or every report.
    fill : bool
        Include the empty periods between the first and the last, so that a plot has
        an even time axis (not past 10,000 periods).
    documents : mapping of str to int, optional
        Documents per date (``""`` for undated ones), as
        :meth:`actorgraph.store.Store.documents_per_date` gives them: the denominator.
        Each row then also has ``documents`` and ``per_100_documents`` (None where
        there is no document), periods with documents and no interaction are rows
        too, and the result has ``documents`` and ``undated_documents``; so a gap in
        the corpus does not read as a period without events.

    Returns
    -------
    dict
        ``period``, ``rows`` (one dict per period, in order: ``period total`` and a
        count per quad class), ``undated`` (interactions without a usable date) and
        ``total``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", quad="verbal-coop", date="2024-01-05")
    0
    >>> g.add_edge("a", "b", quad="verbal-conf", date="2024-03-05")
    1
    >>> [(r["period"], r["total"]) for r in timeline(g)["rows"]]
    [('2024-01', 1), ('2024-02', 0), ('2024-03', 1)]
    """
    _check_period(period)
    if len(actors) > 2:
        raise ValueError("timeline takes at most two actors")
    require_multigraph(graph, "timeline")
    for node in actors:
        if node not in graph:
            raise ActorNotFoundError(f"no actor {node!r} in the graph")
    if len(actors) == 2:
        a, b = actors
        edges = [e for e in graph.edges(keys=True, data=True) if {e[0], e[1]} == {a, b}]
    elif len(actors) == 1:
        (a,) = actors
        edges = list(graph.out_edges(a, keys=True, data=True))
        edges += [e for e in graph.in_edges(a, keys=True, data=True) if e[0] != a]
    else:
        edges = list(graph.edges(keys=True, data=True))
    counts: dict[str, Counter] = {}
    undated = 0
    for _u, _v, data in _units(graph, edges, weight):
        bucket = period_of(data.get("date") or None, period)
        if bucket is None:
            undated += 1
            continue
        counts.setdefault(bucket, Counter())[data.get("quad") or "neutral"] += 1
    per_period: Counter = Counter()
    undated_documents = 0
    for day, n in (documents or {}).items():
        bucket = period_of(day or None, period)
        if bucket is None:
            undated_documents += n
        else:
            per_period[bucket] += n
    labels = sorted(set(counts) | set(per_period))
    if fill and labels:
        first, last = labels[0], labels[-1]
        if _period_index(last, period) - _period_index(first, period) < 10_000:
            labels = [first]
            while labels[-1] < last:
                labels.append(_next_period(labels[-1], period))
    rows: list[dict[str, Any]] = []
    for label in labels:
        c = counts.get(label, Counter())
        rows.append({"period": label, "total": sum(c.values()), **quad_counts(c.elements())})
        if documents is not None:
            docs = per_period.get(label, 0)
            rows[-1]["documents"] = docs
            rows[-1]["per_100_documents"] = (
                round(100 * rows[-1]["total"] / docs, 1) if docs else None
            )
    out = {
        "period": period,
        "rows": rows,
        "undated": undated,
        "total": undated + sum(r["total"] for r in rows),
    }
    if documents is not None:
        out["documents"] = sum(per_period.values()) + undated_documents
        out["undated_documents"] = undated_documents
    return out


# ---------------------------------------------------------------------------- ego and path


def _evidence(graph: nx.MultiDiGraph, u: Any, v: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "source": u,
        "target": v,
        "source_label": _label(graph, u),
        "target_label": _label(graph, v),
        "type": data.get("type", ""),
        "quad": data.get("quad", ""),
        "status": data.get("status", ""),
        "directed": bool(data.get("directed", True)),
        "date": data.get("date", ""),
        "trigger": data.get("trigger", ""),
        "sentence": data.get("sentence", ""),
        "doc_id": data.get("doc_id", ""),
    }


def _link(graph: nx.MultiDiGraph, a: Any, b: Any, weight: str) -> dict[str, Any]:
    """Everything between two actors: counts, balance and each interaction's evidence."""
    edges = [(a, b, d) for d in graph.get_edge_data(a, b, default={}).values()]
    if a != b:
        edges += [(b, a, d) for d in graph.get_edge_data(b, a, default={}).values()]
    evidence = [_evidence(graph, u, v, data) for u, v, data in edges]
    evidence.sort(key=lambda e: (e["date"] or "9999", e["doc_id"], e["source"] != a))
    events = {event_key(e["source"], e["target"], e) for e in evidence}
    quads = Counter(e["quad"] or "neutral" for e in evidence)
    coop = sum(quads[q] for q in COOPERATION)
    conf = sum(quads[q] for q in CONFLICT)
    return {
        "source": a,
        "target": b,
        "source_label": _label(graph, a),
        "target_label": _label(graph, b),
        "weight": len(events) if weight == "events" else len(evidence),
        "events": len(events),
        "mentions": len(evidence),
        "types": dict(Counter(e["type"] for e in evidence).most_common()),
        "balance": balance(coop, conf),
        "interactions": evidence,
    }


def ego_graph(graph: nx.MultiDiGraph, actor: Any, radius: int = 1) -> nx.MultiDiGraph:
    """The actors within ``radius`` links of ``actor`` (either direction) and every
    interaction among them.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_graph(g, "b"))
    ['a', 'b', 'c']
    """
    require_multigraph(graph, "ego_graph")
    if actor not in graph:
        raise ActorNotFoundError(f"no actor {actor!r} in the graph")
    if radius < 0:
        raise ValueError("radius must be 0 or more")
    return nx.ego_graph(graph, actor, radius=radius, undirected=True).copy()


def ego_network(
    graph: nx.MultiDiGraph, actor: Any, *, radius: int = 1, weight: str = "events"
) -> dict[str, Any]:
    """Who an actor deals with, within ``radius`` links, with the evidence of each link.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    actor : node id
    radius : int
    weight : {"events", "mentions"}
        What a link's ``weight`` counts.

    Returns
    -------
    dict
        ``actor`` (id, label, type, country), ``radius``, ``nodes`` (each actor with
        its ``distance``), and ``links``: one dict per pair of actors of the ego
        network that interact (``source target weight events mentions types balance
        interactions``), the actor's own links first, heaviest first. Each
        interaction has ``source target type quad status directed date trigger
        sentence doc_id``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="CONSULT", sentence="A met B.")
    0
    >>> ego_network(g, "a")["links"][0]["interactions"][0]["sentence"]
    'A met B.'
    """
    sub = ego_graph(graph, actor, radius)
    distance = nx.single_source_shortest_path_length(sub.to_undirected(as_view=True), actor)
    nodes = [{**_actor(graph, node), "distance": d} for node, d in distance.items()]
    nodes.sort(key=lambda r: (r["distance"], r["label"].casefold(), str(r["id"])))
    pairs = {frozenset((u, v)) for u, v in sub.edges() if u != v}
    links = []
    for pair in pairs:
        a, b = sorted(pair, key=lambda x: (x != actor, str(x)))
        links.append(_link(graph, a, b, weight))
    links.sort(key=lambda r: (r["source"] != actor, -r["weight"], r["target_label"].casefold()))
    return {"actor": _actor(graph, actor), "radius": radius, "nodes": nodes, "links": links}


def connection_path(
    graph: nx.MultiDiGraph, source: Any, target: Any, *, weight: str = "events"
) -> list[dict[str, Any]] | None:
    """How two actors are connected: the fewest links from one to the other.

    Links count in either direction. Of several shortest paths the one found first
    by breadth-first search is returned.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    source, target : node id
    weight : {"events", "mentions"}

    Returns
    -------
    list of dict or None
        One step per link, in order, as :func:`ego_network` describes links (each
        with its interactions as evidence); an empty list when ``source`` is
        ``target``; None when they are not connected.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> [(s["source"], s["target"]) for s in connection_path(g, "a", "c")]
    [('a', 'b'), ('b', 'c')]
    """
    require_multigraph(graph, "connection_path")
    for node in (source, target):
        if node not in graph:
            raise ActorNotFoundError(f"no actor {node!r} in the graph")
    try:
        nodes = nx.shortest_path(graph.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        return None
    return [_link(graph, a, b, weight) for a, b in zip(nodes, nodes[1:], strict=False)]


# ---------------------------------------------------------------------------- all at once


def stats(
    graph: nx.MultiDiGraph,
    *,
    weight: str = "events",
    top: int = 10,
    seed: int | None = 0,
    k: int | None = None,
    approx_above: int = APPROX_ABOVE,
    period: str = "month",
) -> dict[str, Any]:
    """Everything ``actorgraph stats`` reports, as plain data.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or networkx.DiGraph
        As :func:`actorgraph.graph.load_graph` returns it, or the aggregated graph of
        :func:`actorgraph.graph.load_aggregated_graph` (same results); its graph
        attribute ``documents`` (the number of stored documents) is reported when
        present.
    weight : {"events", "mentions"}
        What link weights count.
    top : int
        How many actors per measure, communities, brokers and pairs.
    seed : int, optional
        Seed of Louvain and of sampled betweenness.
    k, approx_above : int
        See :func:`centrality`.
    period : {"day", "week", "month"}
        The time bucket of the balance trends.

    Returns
    -------
    dict
        ``documents actors interactions events linked_actors pairs weight``,
        ``top_actors`` (a list per measure), ``betweenness`` (``approximate``, ``k``),
        ``communities`` (``count`` and the largest ones: ``size members top_members``),
        ``brokers``, ``reciprocity`` and ``dyads`` (see :func:`dyad_balance`).
    """
    graph = as_summary_graph(graph)  # summed up once, for every measure below
    view = weighted_view(graph, weight=weight)
    scores = centrality(graph, weight=weight, k=k, approx_above=approx_above, seed=seed, view=view)
    groups = communities(graph, weight=weight, seed=seed, view=view)
    docs_with = documents_with_interactions(graph)
    linked = sum(1 for _, d in scores["degree"].items() if d > 0)
    pairs = view.number_of_edges()
    strength = scores["weighted_degree"]
    return {
        "documents": graph.graph.get("documents", docs_with),
        "actors": graph.number_of_nodes(),
        "interactions": interaction_count(graph),
        "events": count_events(graph),
        "documents_with_interactions": docs_with,
        "linked_actors": linked,
        "pairs": pairs,
        "weight": weight,
        "top_actors": {m: top_actors(graph, m, top, scores=scores[m]) for m in MEASURES},
        "betweenness": {
            "approximate": scores["betweenness_k"] is not None,
            "k": scores["betweenness_k"],
        },
        "communities": {
            "count": len(groups),
            "seed": seed,
            "largest": [
                {
                    "id": i,
                    "size": len(group),
                    "members": list(group),
                    "top_members": [
                        {**_actor(graph, node), "weighted_degree": strength.get(node, 0.0)}
                        for node in group[:5]
                    ],
                }
                for i, group in enumerate(groups[:top])
            ],
        },
        "brokers": brokers(graph, groups, weight=weight, n=top, view=view),
        "reciprocity": reciprocity(graph),
        "dyads": dyad_balance(graph, weight=weight, period=period, n=top),
    }


__all__ = [
    "QUADS",
    "ActorNotFoundError",
    "actor_summary",
    "balance",
    "brokers",
    "centrality",
    "communities",
    "connection_path",
    "count_events",
    "dyad_balance",
    "ego_graph",
    "ego_network",
    "find_actors",
    "other_matches",
    "period_of",
    "reciprocity",
    "resolve_actor",
    "stats",
    "timeline",
    "top_actors",
]
