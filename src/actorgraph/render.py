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
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from actorgraph.graph import weighted_view

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

#: How many interactions an edge keeps in the page (for the side panel), and how many
#: its tooltip shows; how many partners a node lists.
MAX_INTERACTIONS_PER_EDGE = 50
TOOLTIP_INTERACTIONS = 4
TOP_PARTNERS = 10

_VIS_DIR = ("templates", "lib", "vis-9.1.2")


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
    return (
        folder.joinpath("graph.html.j2").read_text(encoding="utf-8"),
        _newlines(folder.joinpath("graph.js").read_text(encoding="utf-8")),
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
    """Node positions in pixels: a seeded spring layout, about 1000 px across.

    Large graphs get a proportionally larger canvas so that nodes do not pile up.
    networkx needs SciPy for graphs of 500 nodes or more; without it a small NumPy
    Fruchterman-Reingold is used instead.
    """
    n = view.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(view)): (0.0, 0.0)}
    half = 500.0 * max(1.0, math.sqrt(n) / 10.0)
    try:
        pos = nx.spring_layout(view, seed=seed, weight="weight", scale=1.0)
    except ImportError:  # SciPy missing
        pos = _numpy_spring(view, seed)
    half *= _spread(list(pos.values()), half)
    return {
        node: (round(float(x) * half, 1), round(float(y) * half, 1)) for node, (x, y) in pos.items()
    }


def _spread(points: list[Any], half: float, gap: float = 150.0, most: float = 4.0) -> float:
    """How much to stretch a layout so that most nodes sit ``gap`` px from their neighbour.

    A spring layout squeezes a cluster when some other component is far away; nodes are
    up to ~60 px wide, so the median nearest-neighbour distance is raised to ``gap``
    (stretching at most ``most`` times). Nodes past 1000 are not sampled.
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
    """A dense Fruchterman-Reingold layout scaled to [-1, 1], for when SciPy is missing."""
    import numpy as np

    nodes = list(view)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for u, v, w in view.edges(data="weight", default=1):
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = w
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        squared = (pos * pos).sum(axis=1)
        distance2 = squared[:, None] + squared[None, :] - 2.0 * pos @ pos.T
        distance = np.sqrt(np.clip(distance2, 1e-4, None))
        force = k * k / distance**2 - adjacency * distance / k
        np.fill_diagonal(force, 0.0)
        # sum over j of (pos_i - pos_j) * force_ij, without an n x n x 2 array
        displacement = pos * force.sum(axis=1)[:, None] - force @ pos
        length = np.clip(np.linalg.norm(displacement, axis=-1), 0.01, None)
        pos += displacement * (t / length)[:, None]
        t -= dt
    pos -= (pos.max(axis=0) + pos.min(axis=0)) / 2.0
    extent = np.abs(pos).max() or 1.0
    pos /= extent
    return {node: pos[index[node]] for node in nodes}


# ---------------------------------------------------------------------------- data


def _text(value: Any) -> str:
    return "" if value is None else str(value)


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


def _graph_data(graph: nx.MultiDiGraph, *, max_edges: int, seed: int) -> dict[str, Any]:
    view = weighted_view(graph)
    nodes = list(graph.nodes)
    number = {node: i for i, node in enumerate(nodes)}
    label = {node: _text(graph.nodes[node].get("label")) or _text(node) for node in nodes}

    # One bucket per unordered pair of distinct actors, in first-seen order.
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    for u, v, attrs in graph.edges(data=True):
        if u == v:
            continue
        a, b = sorted((number[u], number[v]))
        pair = pairs.setdefault(
            (a, b), {"interactions": [], "quads": Counter(), "forward": False, "backward": False}
        )
        pair["interactions"].append((u, v, attrs))
        pair["quads"][_text(attrs.get("quad")) or "neutral"] += 1
        if attrs.get("directed"):
            pair["forward" if number[u] == a else "backward"] = True

    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]["interactions"]), kv[0]))
    kept = ranked[:max_edges]
    hidden = len(ranked) - len(kept)
    max_weight = max((len(p["interactions"]) for _, p in kept), default=1)

    edges = []
    for i, ((a, b), pair) in enumerate(kept):
        weight = len(pair["interactions"])
        quad = _dominant_quad(pair["quads"])
        arrows = [name for name, on in (("to", pair["forward"]), ("from", pair["backward"])) if on]
        interactions = []
        for u, v, attrs in pair["interactions"][:MAX_INTERACTIONS_PER_EDGE]:
            interactions.append(
                {
                    "source": label[u],
                    "target": label[v],
                    "type": _text(attrs.get("type")),
                    "quad": _text(attrs.get("quad")),
                    "status": _text(attrs.get("status")),
                    "date": _text(attrs.get("date")),
                    "directed": bool(attrs.get("directed")),
                    "mode": _text(attrs.get("mode")),
                    "trigger": _text(attrs.get("trigger")),
                    "sentence": _text(attrs.get("sentence")),
                    "doc_id": _text(attrs.get("doc_id")),
                }
            )
        width = 1.0
        if max_weight > 1:
            width += 7.0 * math.sqrt((weight - 1) / (max_weight - 1))
        edges.append(
            {
                "id": i,
                "from": a,
                "to": b,
                "weight": weight,
                "width": round(width, 2),
                "quad": quad,
                "color": QUAD_COLORS[quad],
                "quads": dict(pair["quads"]),
                "arrows": ", ".join(arrows),
                "interactions": interactions,
            }
        )

    degree = dict(view.degree())
    strength = dict(view.degree(weight="weight"))
    max_degree = max(degree.values(), default=0) or 1
    pos = _layout(view, seed)
    node_data = []
    for node in nodes:
        attrs = graph.nodes[node]
        kind = _text(attrs.get("type"))
        partners = sorted(
            ((label[p], int(view[node][p]["weight"])) for p in view[node]),
            key=lambda pc: (-pc[1], pc[0]),
        )
        aliases = [a.strip() for a in _text(attrs.get("aliases")).split(";") if a.strip()]
        x, y = pos.get(node, (0.0, 0.0))
        node_data.append(
            {
                "id": number[node],
                "key": _text(node),
                "label": label[node],
                "type": kind,
                "country": _text(attrs.get("country")),
                "aliases": aliases,
                "mentions": int(attrs.get("mentions") or 0),
                "degree": int(degree.get(node, 0)),
                "interactions": int(strength.get(node, 0)),
                "size": round(8.0 + 22.0 * math.sqrt(degree.get(node, 0) / max_degree), 2),
                "color": TYPE_COLORS.get(kind, OTHER_COLOR),
                "x": x,
                "y": y,
                "partners": [list(pc) for pc in partners[:TOP_PARTNERS]],
                "more_partners": max(0, len(partners) - TOP_PARTNERS),
            }
        )

    return {
        "nodes": node_data,
        "edges": edges,
        "hidden_edges": hidden,
        "tooltip_interactions": TOOLTIP_INTERACTIONS,
        "quad_colors": QUAD_COLORS,
    }


# ---------------------------------------------------------------------------- page


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "actorgraph",
    max_edges: int = 2000,
    seed: int = 42,
    isolates: bool = False,
) -> str:
    """Return a self-contained HTML page that draws ``graph`` with vis-network.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`actorgraph.graph.build_multigraph` returns it.
    title : str
        Shown in the header and the window title (escaped).
    max_edges : int
        Most actor pairs drawn; the heaviest are kept, and the page says how many are hidden.
    seed : int
        Seed of the spring layout, so the same graph gets the same picture.
    isolates : bool
        Also draw actors that take part in no interaction (by default they are left
        out, and the header says how many).

    Returns
    -------
    str
        The page; it makes no request to anything outside itself.
    """
    if max_edges < 0:
        raise ValueError("max_edges must be 0 or more")
    n_actors = graph.number_of_nodes()
    if not isolates:
        linked = [n for n in graph if any(u != v for u, v in graph.edges(n)) or
                  any(u != v for u, v in graph.in_edges(n))]  # fmt: skip
        graph = graph.subgraph(linked)
    data = _graph_data(graph, max_edges=max_edges, seed=seed)
    vis_js, vis_css = _vis_assets()
    _, app_js, app_css = _own_assets()
    hidden = data["hidden_edges"]
    notes = []
    if hidden:
        notes.append(f"{_plural(hidden, 'weaker edge')} hidden")
    if n_actors > graph.number_of_nodes():
        notes.append(f"{n_actors - graph.number_of_nodes()} without interactions not drawn")
    hidden_note = " · ".join(notes)
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
    types_present = {n["type"] for n in data["nodes"]}
    legend_types = [(t, c) for t, c in TYPE_COLORS.items()]
    if types_present - set(TYPE_COLORS):
        legend_types.append(("other", OTHER_COLOR))
    return _template().render(
        title=_text(title),
        csp=csp,
        vis_css=Markup(vis_css),
        app_css=Markup(app_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        graph_json=Markup(json_for_script(data)),
        n_actors=_plural(n_actors, "actor"),
        n_interactions=_plural(graph.number_of_edges(), "interaction"),
        n_pairs=_plural(len(data["edges"]), "link"),
        hidden_note=hidden_note,
        empty=graph.number_of_nodes() == 0,
        legend_types=legend_types,
        legend_quads=list(QUAD_COLORS.items()),
    )


def write_html(graph: nx.MultiDiGraph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`render_html`'s page to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(graph, **kwargs), encoding="utf-8")
    return path
