"""actorgraph: who deals with whom in the news, as a graph you can explore.

The Python API (each name is imported on first use, so ``import actorgraph`` stays light
and does not load spaCy until :func:`build` runs)::

    import actorgraph as ag

    result = ag.build(["examples/"], "out")         # read, extract, store, draw
    store = ag.open_store("out")                     # an existing store
    where = ag.GraphFilter(since="2024-03")           # a filter, validated once
    graph = ag.load_graph(store, where)              # networkx.MultiDiGraph, filtered
    summary = ag.load_summary(store, where)          # one edge per dyad: stats, pages
    ag.events(graph)                                 # events as records (or "mentions")
    ag.events_frame(graph)                           # ... as a pandas DataFrame
    ag.stats(graph)                                  # everything `actorgraph stats` says
    ag.top_actors(graph, "pagerank")                 # and each analysis on its own:
    ag.communities(graph); ag.brokers(graph); ag.reciprocity(graph)
    ag.dyad_balance(graph); ag.timeline(graph, ["country:RUS"])
    ag.ego_network(graph, "country:RUS"); ag.connection_path(graph, a, b)
    ag.find_actors(graph, "kremlin"); ag.actor_summary(graph)
    ag.export_graph(graph, "graph.gexf"); ag.write_html(graph, "page.html")

Filters (``since until types quads statuses countries min_confidence min_weight
weight``) are the fields of :class:`actorgraph.filters.GraphFilter`; the functions that
take one also take its fields as keywords. ``weight`` is ``"events"`` (distinct events)
or ``"mentions"`` (every report).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_LAZY = {
    "build": "actorgraph.pipeline",
    "BuildResult": "actorgraph.pipeline",
    "import_events": "actorgraph.pipeline",
    "ReadOptions": "actorgraph.ingest",
    "Store": "actorgraph.store",
    "load_graph": "actorgraph.graph",
    "load_summary": "actorgraph.graph",
    "load_aggregated_graph": "actorgraph.graph",
    "build_aggregated_graph": "actorgraph.graph",
    "GraphFilter": "actorgraph.filters",
    "Summary": "actorgraph.summary",
    "summarise": "actorgraph.summary",
    "summary_graph": "actorgraph.summary",
    "filter_graph": "actorgraph.graph",
    "build_multigraph": "actorgraph.graph",
    "weighted_view": "actorgraph.summary",
    "event_key": "actorgraph.summary",
    "FilterError": "actorgraph.errors",
    "stats": "actorgraph.analyze",
    "centrality": "actorgraph.analyze",
    "top_actors": "actorgraph.analyze",
    "communities": "actorgraph.analyze",
    "brokers": "actorgraph.analyze",
    "reciprocity": "actorgraph.analyze",
    "dyad_balance": "actorgraph.analyze",
    "timeline": "actorgraph.analyze",
    "ego_network": "actorgraph.analyze",
    "ego_graph": "actorgraph.analyze",
    "connection_path": "actorgraph.analyze",
    "find_actors": "actorgraph.analyze",
    "resolve_actor": "actorgraph.analyze",
    "actor_summary": "actorgraph.analyze",
    "ActorNotFoundError": "actorgraph.errors",
    "export_graph": "actorgraph.export",
    "event_rows": "actorgraph.export",
    "mention_rows": "actorgraph.export",
    "render_html": "actorgraph.render",
    "write_html": "actorgraph.render",
    "ActorgraphError": "actorgraph.errors",
    "StoreError": "actorgraph.errors",
}

__all__ = sorted([*_LAZY, "__version__", "open_store", "events", "events_frame"])

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from actorgraph.store import Store


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'actorgraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def open_store(path: Any) -> Store:
    """Open an existing store: the ``--out`` directory of a build, or its ``.db`` file.

    Raises
    ------
    StoreError
        If there is no store there, or the file is not one.
    """
    from actorgraph.store import Store

    return Store(path, create=False)


def _graph_of(source: Any, filters: dict[str, Any]) -> nx.MultiDiGraph:
    import networkx as nx

    from actorgraph.graph import filter_graph, load_graph
    from actorgraph.summary import require_multigraph

    if isinstance(source, nx.Graph):
        require_multigraph(source, "events")
        return filter_graph(source, **filters) if filters else source
    return load_graph(source, **filters)


def events(source: Any, unit: str = "events", **filters: Any) -> list[dict[str, Any]]:
    """The events (or every mention of them) of a store or a graph, as records.

    Parameters
    ----------
    source : Store, path or networkx.MultiDiGraph
        A store (or its path), or a graph from :func:`load_graph`.
    unit : {"events", "mentions"}
        ``"events"``: one record per event, with ``mentions`` and ``documents`` counts
        (see :func:`actorgraph.export.event_rows`); ``"mentions"``: one per
        interaction, with all its evidence (see :func:`actorgraph.export.mention_rows`).
    **filters
        As :func:`actorgraph.graph.filter_graph` takes them.

    Returns
    -------
    list of dict
    """
    from actorgraph.export import event_rows, mention_rows

    if unit not in ("events", "mentions"):
        raise ValueError(f"unit must be events or mentions, not {unit!r}")
    graph = _graph_of(source, filters)
    return event_rows(graph) if unit == "events" else mention_rows(graph)


def events_frame(source: Any, unit: str = "events", **filters: Any) -> pd.DataFrame:
    """:func:`events` as a pandas DataFrame (``pip install 'actorgraph[pandas]'``).

    Raises
    ------
    ImportError
        If pandas is not installed, with the command that installs it.
    """
    from actorgraph.export import EVENT_FIELDS, MENTION_FIELDS

    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("events_frame needs pandas: pip install 'actorgraph[pandas]'") from exc
    columns = list(EVENT_FIELDS if unit == "events" else MENTION_FIELDS)
    return pd.DataFrame(events(source, unit, **filters), columns=columns)
