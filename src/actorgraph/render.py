"""Render the actor graph as one self-contained, offline, interactive HTML page.

The page inlines vis-network (JavaScript and CSS) from the copy that pyvis ships, so it
works from ``file://`` with no network at all. Everything that comes from articles (names,
sentences, triggers, document ids) and the title is untrusted:

* the graph data goes into ``<script type="application/json" id="graph-data">`` as JSON
  with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's script reads it
  with ``JSON.parse(textContent)`` and writes every text through ``textContent``;
* the HTML around it comes from a Jinja2 template with autoescaping on;
* a Content-Security-Policy allows only the page's own two inline scripts (by hash), and
  no request to anywhere.

Python does the heavy work so that the browser has none: it lays the graph out (each
connected component on its own, then packed; vis-network's physics stays off, so the
first drawing is the final one), computes degree, PageRank, betweenness and communities
(:mod:`actorgraph.analyze`), keeps the ``max_edges`` heaviest links, and counts every
link's interactions by type, quad class, status and date, so that the page's filters
only add up numbers.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from actorgraph.analyze import centrality, communities
from actorgraph.atomic import atomic_path
from actorgraph.graph import ordered_subgraph
from actorgraph.model import EVENT_TYPES, QUAD_CLASS, QUADS, STATUSES
from actorgraph.summary import as_summary_graph, interaction_count, weighted_view

#: Node colours by actor type; any other type is drawn in ``OTHER_COLOR``.
TYPE_COLORS: dict[str, str] = {
    "PERSON": "#4e79a7",
    "ORG": "#9c6ade",
    "COUNTRY": "#d4a017",
}
OTHER_COLOR = "#8c8c8c"

#: Edge colours by PLOVER quad class.
QUAD_COLORS: dict[str, str] = {
    "verbal-coop": "#7fbf7b",
    "material-coop": "#1b7837",
    "verbal-conf": "#f1a340",
    "material-conf": "#c0392b",
    "neutral": "#a0a0a0",
}
#: Order used to break ties when two quad classes are equally frequent on a pair:
#: conflict before cooperation, material before verbal, neutral last.
QUAD_PRIORITY = ("material-conf", "verbal-conf", "material-coop", "verbal-coop", "neutral")

#: How many interactions an edge keeps in full in the page (for the side panel; every
#: interaction still counts in the filters), how many its tooltip shows, how many the
#: panel lists at a time; how many partners a node lists.
MAX_INTERACTIONS_PER_EDGE = 100
TOOLTIP_INTERACTIONS = 3
PANEL_PAGE = 10
TOP_PARTNERS = 10

#: Colours for communities and countries, largest group first; the rest are ``OTHER_COLOR``.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#17becf",
    "#bcbd22",
    "#7f3c8d",
)

#: Node size measures the page offers (the first is the default).
SIZE_MEASURES = ("degree", "pagerank", "betweenness")

#: Layout: a component of n actors gets a radius of NODE_SPACING * sqrt(n) px; packed
#: components keep COMPONENT_GAP px apart (room for a label).
NODE_SPACING = 70.0
COMPONENT_GAP = 140.0
#: The two actors of a pair alone sit PAIR_SPACING px apart, one above the other;
#: components up to KAMADA_KAWAI_UP_TO actors get a Kamada-Kawai layout, larger ones
#: a spring layout.
PAIR_SPACING = 100.0
KAMADA_KAWAI_UP_TO = 60
#: Components of more than KAMADA_KAWAI_UP_TO actors, up to FORCEATLAS2_UP_TO, get
#: ForceAtlas2 (FORCEATLAS2_ITERATIONS steps); larger ones the NumPy spring layout.
FORCEATLAS2_UP_TO = 2500
FORCEATLAS2_ITERATIONS = 100
#: The largest component is the page's main one (in the middle of the first view, the
#: others in a block beside it) when it has at least MAIN_AT_LEAST actors and twice as
#: many as the next.
MAIN_AT_LEAST = 10

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
#: The page's script, from these files of actorgraph/templates, in this order.
SCRIPTS = ("layout.js", "labels.js", "export.js", "graph.js")


# ---------------------------------------------------------------------------- assets


def _pyvis_dir() -> Path:
    """The folder of the installed pyvis package, found without importing it."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; it ships the vis-network asset the page needs")
    return Path(next(iter(spec.submodule_search_locations)))


def _newlines(text: str) -> str:
    """Line ends as the HTML parser will see them, so the CSP hash of a script matches."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, made safe to inline in ``<script>`` / ``<style>``."""
    folder = _pyvis_dir().joinpath(*_VIS_DIR)
    js = _newlines((folder / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _newlines((folder / "vis-network.css").read_text(encoding="utf-8"))
    # Neither file contains these today; the guards keep a future copy from closing the element.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str, str]:
    """The page template, its script and its style sheet, from ``actorgraph/templates``."""
    folder = resources.files("actorgraph").joinpath("templates")
    # One script: the parts first (each adds functions to window.actorgraphParts), then
    # the page's own, which uses them.
    script = "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in SCRIPTS)
    return (
        folder.joinpath("graph.html.j2").read_text(encoding="utf-8"),
        _newlines(script),
        _newlines(folder.joinpath("graph.css").read_text(encoding="utf-8")),
    )


@lru_cache(maxsize=1)
def _template():
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_own_assets()[0])


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def json_for_script(data: Any) -> str:
    """Serialize ``data`` as JSON that is safe as the text of a ``<script>`` element.

    >>> json_for_script({"a": "</script>&"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


# ---------------------------------------------------------------------------- layout


def _layout(view: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Node positions in pixels: the main component in the middle, the small ones aside.

    A spring layout of a whole graph throws the small components to the rim and
    squeezes the big one into the middle, so that no zoom level shows both. Here each
    component gets its own layout, of radius ``NODE_SPACING * sqrt(n)`` px (a pair
    stands upright, so that its labels do not collide). When one component dominates
    (:func:`_main_component`), it takes the middle and the others are packed in a
    column block to its right, no taller than it; otherwise all are packed in rows,
    tallest first.
    """
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(view)),
        key=lambda c: (-len(c), str(c[0])),
    )
    placed = [_component_layout(ordered_subgraph(view, c), seed) for c in components]
    if _main_component([len(c) for c in components]) is None:
        return _pack(placed)
    main = placed[0]
    if len(placed) == 1:
        return _centre(main)
    # The small components in a block beside the main one, about as tall as it.
    main_box = _box(main)
    rest_height = main_box[3] - main_box[1]
    rest = _pack(placed[1:], height=max(rest_height, 1.0))
    rest_box = _box(rest)
    dx = main_box[2] + COMPONENT_GAP - rest_box[0]
    dy = main_box[1] - rest_box[1]
    out = dict(main)
    out.update({node: (x + dx, y + dy) for node, (x, y) in rest.items()})
    return _centre(out)


def _main_component(sizes: list[int]) -> int | None:
    """The index of the component the first view is about, or None when none dominates:
    the largest, if it has at least ``MAIN_AT_LEAST`` actors and twice the next one's."""
    if not sizes or sizes[0] < MAIN_AT_LEAST:
        return None
    if len(sizes) > 1 and sizes[0] < 2 * sizes[1]:
        return None
    return 0


def _box(pos: Mapping[Any, tuple[float, float]]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of some positions."""
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _centre(pos: Mapping[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    """The positions moved so that their bounding box is centred on (0, 0), rounded."""
    if not pos:
        return {}
    left, top, right, bottom = _box(pos)
    mx, my = (left + right) / 2, (top + bottom) / 2
    return {node: (round(x - mx, 1), round(y - my, 1)) for node, (x, y) in pos.items()}


def _component_layout(component: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """Positions of one connected component, in px around (0, 0).

    Small components get Kamada-Kawai (few overlaps, no chance involved); larger ones
    ForceAtlas2 (networkx's, seeded), whose repulsion grows with degree, so that hubs
    and the communities around them move apart; past ``FORCEATLAS2_UP_TO`` actors its
    dense arrays get too big and a NumPy spring layout takes over.
    """
    n = component.number_of_nodes()
    if n == 1:
        return {next(iter(component)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(component, key=str)
        return {a: (0.0, -PAIR_SPACING / 2), b: (0.0, PAIR_SPACING / 2)}
    radius = NODE_SPACING * math.sqrt(n)
    pos = None
    if n <= KAMADA_KAWAI_UP_TO:
        try:
            pos = nx.kamada_kawai_layout(component, weight=None, scale=1.0)
        except ImportError:  # it needs SciPy
            pass
    elif n <= FORCEATLAS2_UP_TO:
        pos = _forceatlas2(component, seed)
    if pos is None:
        pos = _numpy_spring(component, seed)
    if n > 10:
        radius *= _spread(list(pos.values()), radius)
    return {node: (float(x) * radius, float(y) * radius) for node, (x, y) in pos.items()}


def _forceatlas2(component: nx.Graph, seed: int) -> dict[Any, Any]:
    """networkx's ForceAtlas2 (strong gravity), seeded, weighted by interactions,
    scaled to [-1, 1].

    Link weights are damped (square root): a pair with 40 interactions would otherwise
    pull its two actors onto each other and squeeze the rest of the picture.
    """
    import numpy as np

    damped = nx.Graph()
    damped.add_nodes_from(component)
    damped.add_weighted_edges_from(
        (u, v, math.sqrt(float(w))) for u, v, w in component.edges(data="weight", default=1)
    )
    # Strong gravity and a high scaling ratio: a round, evenly filled picture, where
    # networkx's defaults leave a dense core with long tails that a fitted view shrinks.
    pos = nx.forceatlas2_layout(
        damped,
        seed=seed,
        weight="weight",
        max_iter=FORCEATLAS2_ITERATIONS,
        scaling_ratio=20.0,
        gravity=5.0,
        strong_gravity=True,
    )
    nodes = list(pos)
    xy = np.asarray([pos[node] for node in nodes], dtype=float)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2.0
    xy /= np.abs(xy).max() or 1.0
    return {node: xy[i] for i, node in enumerate(nodes)}


def _pack(
    placed: list[dict[Any, tuple[float, float]]], height: float | None = None
) -> dict[Any, tuple[float, float]]:
    """Shelf-pack components into rows, tallest first: about as wide as tall overall,
    or, given ``height``, about that tall (as narrow as it allows)."""
    boxes = []
    for pos in placed:
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        boxes.append(
            (min(xs), min(ys), max(xs) - min(xs) + COMPONENT_GAP, max(ys) - min(ys) + COMPONENT_GAP)
        )
    if not boxes:
        return {}
    order = sorted(range(len(boxes)), key=lambda i: (-boxes[i][3], i))
    area = sum(b[2] * b[3] for b in boxes)
    wanted = 1.3 * math.sqrt(area) if height is None else 1.15 * area / height
    width = max(max(b[2] for b in boxes), wanted)
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for i in order:
        left, top, w, h = boxes[i]
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in placed[i].items():
            out[node] = (px - left + x, py - top + y)
        x += w
        row_height = max(row_height, h)
    return _centre(out)


def _spread(points: list[Any], half: float, gap: float = 80.0, most: float = 3.0) -> float:
    """How much to stretch a layout so that most nodes sit ``gap`` px from their neighbour.

    A spring layout packs a hub's many one-partner neighbours tight around it; nodes
    are up to ~60 px wide, so the median nearest-neighbour distance is raised to
    ``gap`` (stretching at most ``most`` times). Nodes past 1000 are not sampled.
    """
    import numpy as np

    xy = np.asarray(points[:1000], dtype=float) * half
    if len(xy) < 2:
        return 1.0
    distance = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1)
    np.fill_diagonal(distance, np.inf)
    nearest = float(np.median(distance.min(axis=1)))
    if nearest <= 0:
        return most
    return min(most, max(1.0, gap / nearest))


def _numpy_spring(view: nx.Graph, seed: int, iterations: int = 50) -> dict[Any, Any]:
    """A seeded Fruchterman-Reingold layout scaled to [-1, 1], in NumPy.

    Repulsion is dense (float32, two matrix products an iteration) and attraction runs
    over the edges only, so 1,500 actors take well under a second; networkx's own
    layouts need SciPy above 500 nodes and are ten times slower there.
    """
    import numpy as np

    nodes = list(view)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [
        (index[u], index[v], float(w)) for u, v, w in view.edges(data="weight", default=1) if u != v
    ]
    src = np.array([p[0] for p in pairs], dtype=np.intp)
    dst = np.array([p[1] for p in pairs], dtype=np.intp)
    weight = np.array([p[2] for p in pairs], dtype=np.float32)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    k = np.float32(math.sqrt(1.0 / n))
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        squared = (pos * pos).sum(axis=1)
        distance2 = squared[:, None] + squared[None, :] - 2.0 * (pos @ pos.T)
        np.maximum(distance2, 1e-4, out=distance2)
        repulsion = (k * k) / distance2
        np.fill_diagonal(repulsion, 0.0)
        # sum over j of (pos_i - pos_j) * k^2 / d_ij^2, without an n x n x 2 array
        displacement = pos * repulsion.sum(axis=1)[:, None] - repulsion @ pos
        if len(pairs):
            delta = pos[src] - pos[dst]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) * weight / k)[:, None]
            np.add.at(displacement, src, -pull)
            np.add.at(displacement, dst, pull)
        length = np.maximum(np.sqrt((displacement * displacement).sum(axis=1)), 0.01)
        pos += displacement * (np.float32(t) / length)[:, None]
        t -= dt
    pos = pos.astype(float)
    pos -= (pos.max(axis=0) + pos.min(axis=0)) / 2.0
    extent = np.abs(pos).max() or 1.0
    pos /= extent
    return {node: pos[index[node]] for node in nodes}


# ---------------------------------------------------------------------------- data


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _quad_of(attrs: Mapping[str, Any]) -> str:
    quad = _text(attrs.get("quad")) or QUAD_CLASS.get(_text(attrs.get("type")), "neutral")
    return quad if quad in QUAD_COLORS else "neutral"


def _dominant_quad(quads: Counter) -> str:
    if not quads:
        return "neutral"
    ranked = sorted(
        quads.items(),
        key=lambda kv: (
            -kv[1],
            QUAD_PRIORITY.index(kv[0]) if kv[0] in QUAD_PRIORITY else len(QUAD_PRIORITY),
        ),
    )
    quad = ranked[0][0]
    return quad if quad in QUAD_COLORS else "neutral"


def _ordered(values: set[str], known: tuple[str, ...]) -> list[str]:
    """``values`` in the order of ``known``, then any others sorted."""
    return [v for v in known if v in values] + sorted(values - set(known))


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def _new_pair() -> dict[str, Any]:
    """An empty bucket for the interactions of one pair of actors.

    ``weight`` counts them; ``quads`` and ``facets`` count them by quad class and by
    (type, quad, status, date); ``evidence`` holds those kept in full, as
    ``(source, target, attributes)``; ``forward`` and ``backward`` say whether any is
    directed from the lower-numbered actor to the other, or back.
    """
    return {
        "weight": 0,
        "quads": Counter(),
        "facets": Counter(),
        "evidence": [],
        "forward": False,
        "backward": False,
    }


def _pairs(graph: nx.DiGraph, number: Mapping[Any, int]) -> dict[tuple[int, int], Any]:
    """One bucket per unordered pair of distinct actors, in first-seen order: the dyads'
    counts, and the evidence they keep."""
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    for u, v, attrs in graph.edges(data=True):
        if u == v:
            continue
        a, b = sorted((number[u], number[v]))
        pair = pairs.setdefault((a, b), _new_pair())
        pair["weight"] += attrs["mentions"]
        for facet in attrs["facets"]:
            quad = _quad_of({"quad": facet.quad, "type": facet.type})
            pair["quads"][quad] += facet.mentions
            pair["facets"][(facet.type, quad, facet.status, facet.date)] += facet.mentions
        pair["evidence"] += [(u, v, it) for it in attrs["evidence"]]
        if attrs["directed"]:
            pair["forward" if number[u] == a else "backward"] = True
    return pairs


def _linked(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` without the actors that take part in no interaction.

    Not ``graph.subgraph``: a subgraph view of less than half the nodes iterates them in
    the order of a set, which changes with Python's hash seed, and so would the page.
    """
    keep = {n for u, v in graph.edges() if u != v for n in (u, v)}
    return ordered_subgraph(graph, keep)


def _document_source(attrs: Mapping[str, Any]) -> dict[str, str]:
    """Where an interaction's document comes from, as the side panel shows it: the
    publisher, author and provenance as text, and the URL only if it is http(s)."""
    out = {name: _text(attrs.get(name)) for name in ("publisher", "author") if attrs.get(name)}
    out["provenance"] = _text(attrs.get("provenance")) or "extracted"
    url = _text(attrs.get("url"))
    if url:
        # Any other scheme (javascript:, data:) would run or load something: shown as text.
        out["url" if url.lower().startswith(("http://", "https://")) else "ref"] = url
    return out


def _graph_data(
    graph: nx.Graph,
    *,
    max_edges: int,
    seed: int,
    isolates: bool,
    doc_titles: Mapping[str, str],
) -> dict[str, Any]:
    nodes = list(graph.nodes)
    number = {node: i for i, node in enumerate(nodes)}
    label = {node: _text(graph.nodes[node].get("label")) or _text(node) for node in nodes}

    pairs = _pairs(graph, number)
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1]["weight"], kv[0]))
    kept = ranked[:max_edges]
    drawn = {i for (a, b), _ in kept for i in (a, b)}
    linked = {i for pair in pairs for i in pair}
    if isolates:
        drawn |= set(range(len(nodes))) - linked

    # Facet values: every interaction of a kept pair counts in the page's filters.
    kept_facets = {facet for _, pair in kept for facet in pair["facets"]}
    types = _ordered({kind for kind, _, _, _ in kept_facets}, EVENT_TYPES)
    statuses = _ordered({status for _, _, status, _ in kept_facets}, STATUSES)
    dates = sorted({day for _, _, _, day in kept_facets} - {""})
    type_index = {t: i for i, t in enumerate(types)}
    status_index = {s: i for i, s in enumerate(statuses)}
    date_index = {d: i for i, d in enumerate(dates)}
    quad_index = {q: i for i, q in enumerate(QUADS)}

    edges = []
    titles: dict[str, str] = {}
    sources: dict[str, dict[str, str]] = {}
    for i, ((a, b), pair) in enumerate(kept):
        facets: Counter = Counter()
        for (kind, quad, status, day), n in pair["facets"].items():
            facets[
                (type_index[kind], quad_index[quad], status_index[status], date_index.get(day, -1))
            ] += n
        # Chronological, undated last; the panel shows them in this order.
        by_date = sorted(pair["evidence"], key=lambda it: _text(it[2].get("date")) or "~")
        chosen = by_date[:MAX_INTERACTIONS_PER_EDGE]
        details = []
        for u, v, d in chosen:
            doc_id = _text(d.get("doc_id"))
            if doc_id in doc_titles:
                titles[doc_id] = _text(doc_titles[doc_id])
            elif _text(d.get("title")):
                titles[doc_id] = _text(d.get("title"))
            source = _document_source(d)
            if source != {"provenance": "extracted"}:  # the page's default: not sent
                sources[doc_id] = source
            details.append(
                {
                    "source": number[u],
                    "target": number[v],
                    "type": _text(d.get("type")),
                    "quad": _quad_of(d),
                    "status": _text(d.get("status")),
                    "date": _text(d.get("date")),
                    "directed": bool(d.get("directed")),
                    "mode": _text(d.get("mode")),
                    "trigger": _text(d.get("trigger")),
                    "sentence": _text(d.get("sentence")),
                    "doc_id": doc_id,
                }
            )
        arrows = [name for name, on in (("to", pair["forward"]), ("from", pair["backward"])) if on]
        edges.append(
            {
                "id": i,
                "from": a,
                "to": b,
                "weight": pair["weight"],
                "quad": _dominant_quad(pair["quads"]),
                "quads": dict(pair["quads"]),
                "arrows": ", ".join(arrows),
                "facets": [[*key, n] for key, n in sorted(facets.items())],
                "interactions": details,
            }
        )

    # Measures over the whole graph, not only the links drawn, so that sizes do not
    # change with max_edges.
    view = weighted_view(graph)  # once, for the partners and every measure
    scores = centrality(graph, weight="mentions", seed=seed, view=view)
    community = {
        node: c
        for c, members in enumerate(communities(graph, weight="mentions", seed=seed, view=view))
        for node in members
    }
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(nodes[i] for i in sorted(drawn))
    layout_graph.add_weighted_edges_from(
        (nodes[a], nodes[b], pair["weight"]) for (a, b), pair in kept
    )
    pos = _layout(layout_graph, seed)
    parts = sorted(nx.connected_components(layout_graph), key=len, reverse=True)
    main = parts[0] if parts and _main_component([len(c) for c in parts]) is not None else set()

    node_data = []
    for node in nodes:
        if number[node] not in drawn:
            continue
        attrs = graph.nodes[node]
        partners = sorted(
            ((number[p], label[p], int(view[node][p]["weight"])) for p in view[node]),
            key=lambda pc: (-pc[2], pc[1]),
        )
        aliases = [a.strip() for a in _text(attrs.get("aliases")).split(";") if a.strip()]
        x, y = pos.get(node, (0.0, 0.0))
        node_data.append(
            {
                "id": number[node],
                "key": _text(node),
                "label": label[node],
                "type": _text(attrs.get("type")),
                "country": _text(attrs.get("country")),
                "aliases": aliases,
                "mentions": int(attrs.get("mentions") or 0),
                "interactions": int(view.degree(node, weight="weight")),
                "degree": int(scores["degree"].get(node, 0)),
                "pagerank": _round(scores["pagerank"].get(node, 0.0)),
                "betweenness": _round(scores["betweenness"].get(node, 0.0)),
                "community": community.get(node, -1),
                "x": x,
                "y": y,
                # in the main component (the page gathers the others aside)
                "main": node in main,
                "partners": [list(p) for p in partners[:TOP_PARTNERS]],
                "more_partners": max(0, len(partners) - TOP_PARTNERS),
            }
        )

    return {
        "nodes": node_data,
        "edges": edges,
        "types": types,
        "type_quads": [QUAD_CLASS.get(t, "neutral") for t in types],
        "quads": list(QUADS),
        "statuses": statuses,
        "dates": dates,
        "doc_titles": titles,
        "doc_sources": sources,
        "hidden_edges": len(ranked) - len(kept),
        "hidden_actors": len(linked - drawn),
        "max_weight": max((e["weight"] for e in edges), default=1),
        "betweenness_k": scores.get("betweenness_k"),
        "tooltip_interactions": TOOLTIP_INTERACTIONS,
        "panel_page": PANEL_PAGE,
        "quad_colors": QUAD_COLORS,
        "quad_priority": list(QUAD_PRIORITY),
        "type_colors": TYPE_COLORS,
        "other_color": OTHER_COLOR,
        "palette": list(PALETTE),
        "size_measures": list(SIZE_MEASURES),
    }


# ---------------------------------------------------------------------------- page


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_html(
    graph: nx.Graph,
    *,
    title: str = "actorgraph",
    max_edges: int = 2000,
    seed: int = 42,
    isolates: bool = False,
    doc_titles: Mapping[str, str] | None = None,
    document_dates: Mapping[str, int] | None = None,
    levels: Mapping[str, nx.Graph] | None = None,
    level: str = "actors",
) -> str:
    """Return a self-contained HTML page to explore ``graph`` with vis-network.

    The page lays the actors out where Python placed them (physics off, so it is drawn
    and still at once) and offers filters (event type, quad class, status, dates,
    minimum link weight), an actor search, colour by type, community or country, size
    by degree, PageRank or betweenness, and a side panel with every actor's partners
    and every link's interactions and evidence sentences.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.MultiDiGraph
        A summary graph (:func:`actorgraph.summary.summary_graph`); a multigraph is
        summed up first (:func:`actorgraph.summary.as_summary_graph`), every
        interaction kept as evidence. Both give the same page for the same store,
        except that a summary of the store keeps only its ``evidence_per_dyad``
        earliest interactions of each direction of a link in full (the side panel
        says how many of the link's interactions it lists).
    title : str
        Shown in the header and the window title (escaped).
    max_edges : int
        Most actor pairs drawn; the heaviest are kept, and the page says how many links
        (and actors seen only in them) are left out.
    seed : int
        Seed of the layout, of community detection and of sampled betweenness, so the
        same graph gets the same picture.
    isolates : bool
        Also draw actors that take part in no interaction (by default they are left
        out, and the header says how many).
    doc_titles : mapping, optional
        Document titles by document id, shown beside the id in the side panel.
    document_dates : mapping of str to int, optional
        Documents per date (``""`` undated), as
        :meth:`actorgraph.store.Store.documents_per_date` gives them: the page then
        says how many documents the date range holds and the interactions shown per
        100 of them.
    levels : mapping of str to graph, optional
        Other levels of the same interactions (e.g. ``{"countries": g}``, actors summed
        up by country), each a graph like ``graph``. The page embeds each and offers a
        *Level* switch, which opens the page again on the level chosen.
    level : str
        The name of ``graph``'s level in that switch.

    Returns
    -------
    str
        The page; it makes no request to anything outside itself.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="CONSULT", quad="verbal-coop", status="occurred")
    0
    >>> "<!DOCTYPE html>" in render_html(g, title="Talks")
    True
    """
    if max_edges < 0:
        raise ValueError("max_edges must be 0 or more")
    graph = as_summary_graph(graph)
    # an aggregated graph read with only its linked actors still knows how many there are
    n_actors = max(graph.graph.get("actors_in_store", 0), graph.number_of_nodes())
    if not isolates:
        graph = _linked(graph)
    data = _graph_data(
        graph, max_edges=max_edges, seed=seed, isolates=isolates, doc_titles=doc_titles or {}
    )
    dates = {str(k): int(v) for k, v in (document_dates or {}).items()}
    data["doc_dates"] = sorted([day, n] for day, n in dates.items() if day)
    data["doc_undated"] = dates.get("", 0) if document_dates is not None else None
    # Other levels: each summed up and laid out as the first; the page draws one at a time.
    level_json = []
    if levels:
        for name, other in levels.items():
            other = as_summary_graph(other)
            if not isolates:
                other = _linked(other)
            other_data = _graph_data(
                other,
                max_edges=max_edges,
                seed=seed,
                isolates=isolates,
                doc_titles=doc_titles or {},
            )
            level_json.append((_text(name), Markup(json_for_script(other_data))))
    vis_js, vis_css = _vis_assets()
    _, app_js, app_css = _own_assets()
    notes = []
    if data["hidden_edges"]:
        notes.append(f"the {_plural(data['hidden_edges'], 'weakest link')} left out")
    if data["hidden_actors"]:
        notes.append(f"{_plural(data['hidden_actors'], 'actor')} only in those not drawn")
    if n_actors > graph.number_of_nodes():
        notes.append(f"{n_actors - graph.number_of_nodes()} without interactions not drawn")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return _template().render(
        title=_text(title),
        csp=csp,
        vis_css=Markup(vis_css),
        app_css=Markup(app_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        graph_json=Markup(json_for_script(data)),
        levels=level_json,
        level=_text(level),
        n_actors=_plural(n_actors, "actor"),
        n_interactions=_plural(interaction_count(graph), "interaction"),
        n_pairs=_plural(len(data["edges"]), "link"),
        hidden_note=" · ".join(notes),
        empty=not data["nodes"],
    )


def write_html(graph: nx.Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`render_html`'s page to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    page = render_html(graph, **kwargs)
    with atomic_path(path) as tmp:  # a full disk leaves the old page whole
        tmp.write_text(page, encoding="utf-8")
    return path


def write_store_page(
    store: Any,
    path: str | Path,
    where: Any = None,
    **kwargs: Any,
) -> tuple[Path, nx.DiGraph]:
    """Draw the page of a store: what ``actorgraph build`` and ``actorgraph html`` write.

    The store is summed up in SQL (:func:`actorgraph.graph.load_summary`, only the
    actors that take part in an interaction, filtered by ``where``), the page names
    the documents its evidence cites by their titles, and says how many documents
    its date range holds (:meth:`actorgraph.store.Store.documents_per_date`, within
    ``where``'s dates and of its provenances).

    Parameters
    ----------
    store : Store or path
        An open store, or the path of one (opened read-only for the call).
    path : str or Path
        The page to write.
    where : GraphFilter, optional
        What to draw (see :class:`actorgraph.filters.GraphFilter`).
    **kwargs
        Passed to :func:`render_html` (``title``, ``max_edges``, ``seed``).

    Returns
    -------
    (Path, networkx.DiGraph)
        The page written, and the summary graph it shows.
    """
    from actorgraph.graph import load_summary
    from actorgraph.store import Store

    if not isinstance(store, Store):
        with Store(store, read_only=True) as opened:
            return write_store_page(opened, path, where, **kwargs)
    graph = load_summary(store, where, linked_only=True)
    titles = graph.graph.get("document_titles", {})
    kwargs.setdefault("document_dates", store.documents_per_date(where=where))
    return write_html(graph, path, doc_titles=titles, **kwargs), graph


# ---------------------------------------------------------------------------- pictures

#: The window a picture of the page is taken in, CSS px.
PICTURE_VIEWPORT = (1440, 900)


def chromium_path() -> str | None:
    """The Chromium to drive for pictures: ``$ACTORGRAPH_CHROMIUM``, else ``chromium``
    (or ``chromium-browser``) on the PATH, else None."""
    import os
    import shutil

    named = os.environ.get("ACTORGRAPH_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def write_pictures(
    page: str | Path,
    *,
    png: str | Path | None = None,
    svg: str | Path | None = None,
    viewport: tuple[int, int] = PICTURE_VIEWPORT,
    timeout_s: float = 60.0,
) -> list[Path]:
    """Open a written page in headless Chromium and save its first view as PNG and/or SVG.

    The pictures are the page's own exports (its PNG and SVG buttons), taken once the
    first view is drawn, with every request to outside the file blocked.

    Parameters
    ----------
    page : str or Path
        A page written by :func:`write_html` or :func:`write_store_page`.
    png, svg : str or Path, optional
        Where to write each picture.
    viewport : (int, int)
        The window's width and height in CSS px.
    timeout_s : float
        How long to wait for the page to draw.

    Returns
    -------
    list of Path
        The pictures written.

    Raises
    ------
    ExportError
        No Chromium, no Playwright, or the page failed to draw.
    """
    from actorgraph.errors import ExportError

    browser_path = chromium_path()
    if browser_path is None:
        raise ExportError(
            "a picture needs Chromium: install it (Debian: apt install chromium) or set "
            "ACTORGRAPH_CHROMIUM; the page itself was written"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ExportError(
            "a picture needs the playwright package (pip install playwright; no browser "
            "download: the system's Chromium is used); the page itself was written"
        ) from None
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    written: list[Path] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=args)
            try:
                tab = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
                tab.route(
                    "**/*",
                    lambda r: (
                        r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                    ),
                )
                tab.goto(Path(page).resolve().as_uri())
                tab.wait_for_selector(
                    "body[data-drawn]", state="attached", timeout=timeout_s * 1000
                )
                if png is not None:
                    url = tab.evaluate("window.actorgraph.exportPNG()")
                    data = base64.b64decode(url.split(",", 1)[1])
                    written.append(_write_bytes(Path(png), data))
                if svg is not None:
                    text = tab.evaluate("window.actorgraph.exportSVG()")
                    written.append(_write_bytes(Path(svg), text.encode("utf-8")))
            finally:
                browser.close()
    except PlaywrightError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unknown error"
        raise ExportError(f"Chromium could not draw {page}: {first}") from None
    return written


def _write_bytes(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path
