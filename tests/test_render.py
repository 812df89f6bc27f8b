"""The HTML page: self-contained, offline, and safe with hostile text from articles."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import networkx as nx
import pytest

from actorgraph.model import QUADS
from actorgraph.render import (
    MAX_INTERACTIONS_PER_EDGE,
    OTHER_COLOR,
    QUAD_COLORS,
    TYPE_COLORS,
    _numpy_spring,
    _vis_assets,
    json_for_script,
    render_html,
    write_html,
)

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = (
    "They said </script><script>alert(1)</script> and <img src=x onerror=alert(1)> "
    "with \"quotes\", 'single', back\\slash, &amp; and \u2028line\u2029breaks </SCRIPT >"
)
HOSTILE_TITLE = "</title><script>alert('t')</script>"


def add_actor(g, key, label, kind="COUNTRY", country="", aliases="", mentions=0):
    g.add_node(key, label=label, type=kind, country=country, aliases=aliases, mentions=mentions)


def add_interaction(g, u, v, kind="CONSULT", quad="verbal-coop", directed=True, **extra):
    attrs = {
        "type": kind,
        "quad": quad,
        "status": "occurred",
        "date": "2024-03-01",
        "directed": directed,
        "mode": "",
        "trigger": "met",
        "sentence": f"{u} met {v}.",
        "doc_id": "doc1",
    }
    attrs.update(extra)
    g.add_edge(u, v, **attrs)


@pytest.fixture
def small_graph():
    g = nx.MultiDiGraph()
    add_actor(g, "RUS", "Russia", "COUNTRY", "RUS", "Russian Federation; Moscow", 5)
    add_actor(g, "NATO", "NATO", "ORG", "", "", 3)
    add_actor(g, "Putin", "Vladimir Putin", "PERSON", "RUS", "", 2)
    add_interaction(g, "RUS", "NATO", "ACCUSE", "verbal-conf")
    add_interaction(g, "RUS", "NATO", "THREATEN", "verbal-conf", date="2024-03-02")
    add_interaction(g, "NATO", "RUS", "CONSULT", "verbal-coop")
    add_interaction(g, "Putin", "NATO", "STATEMENT", "neutral", directed=False)
    return g


@pytest.fixture
def hostile_graph():
    g = nx.MultiDiGraph()
    add_actor(g, "evil", HOSTILE_NAME, "PERSON", "</script>", HOSTILE_NAME, 1)
    add_actor(g, "ok", 'Quote " and \\ backslash', "ORG")
    add_interaction(
        g, "evil", "ok", "ACCUSE", "verbal-conf",
        sentence=HOSTILE_SENTENCE, trigger="</script>", doc_id="<b>doc</b>",
    )  # fmt: skip
    return g


def embedded_json(html: str) -> dict:
    """The graph data, parsed back out of the page the way the browser does."""
    m = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', html, flags=re.S
    )
    assert m, "no graph-data block"
    return json.loads(m.group(1))


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in or self._in[-1] not in ("script", "style"):
            self.text.append(data)


def parse(html: str) -> TagCollector:
    p = TagCollector()
    p.feed(html)
    return p


def test_page_is_self_contained(small_graph):
    html = render_html(small_graph)
    assert html.startswith("<!DOCTYPE html>")
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, flags=re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert "node_modules" not in html
    tags = parse(html).tags
    scripts = [a for t, a in tags if t == "script"]
    assert len(scripts) == 3  # data, vis-network, the page's own
    assert all("src" not in a for a in scripts)
    for tag, attrs in tags:
        for name in ("src", "href", "action", "srcset"):
            assert name not in attrs, (tag, attrs)


def test_vis_network_is_inlined(small_graph):
    html = render_html(small_graph)
    js, css = _vis_assets()
    assert "vis-network" in html and "@version 9.1.2" in html
    assert js in html
    assert css in html
    assert "new vis.Network(" in html
    assert "physics: { enabled: false }" in html


def test_content_security_policy_blocks_requests(small_graph):
    html = render_html(small_graph)
    csp = next(
        a["content"]
        for t, a in parse(html).tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert csp.count("'sha256-") == 2


def test_graph_data(small_graph):
    html = render_html(small_graph, title="Test")
    data = embedded_json(html)
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"Russia", "NATO", "Vladimir Putin"}
    for name in labels:
        assert json.dumps(name) in html  # node names appear in the embedded JSON
    assert len(data["edges"]) == 2  # RUS-NATO aggregated, Putin-NATO
    ids = {n["key"]: n["id"] for n in data["nodes"]}
    edges = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    rn = edges[frozenset((ids["RUS"], ids["NATO"]))]
    assert rn["weight"] == 3
    assert rn["quad"] == "verbal-conf"  # 2 verbal-conf vs 1 verbal-coop
    assert rn["quads"] == {"verbal-conf": 2, "verbal-coop": 1}
    assert set(rn["arrows"].split(", ")) == {"to", "from"}  # directed both ways
    assert len(rn["interactions"]) == 3
    assert {i["type"] for i in rn["interactions"]} == {"ACCUSE", "THREATEN", "CONSULT"}
    assert {"date", "status", "trigger", "sentence", "doc_id", "mode"} <= set(rn["interactions"][0])
    first = rn["interactions"][0]
    assert (first["source"], first["target"]) == (ids["RUS"], ids["NATO"])
    pn = edges[frozenset((ids["Putin"], ids["NATO"]))]
    assert pn["arrows"] == ""  # undirected statement
    assert pn["quad"] == "neutral"
    nodes = {n["key"]: n for n in data["nodes"]}
    assert nodes["NATO"]["degree"] == 2 and nodes["Putin"]["degree"] == 1
    assert nodes["NATO"]["interactions"] == 4
    assert nodes["NATO"]["betweenness"] == 1.0 and nodes["Putin"]["betweenness"] == 0.0
    assert nodes["NATO"]["pagerank"] > nodes["Putin"]["pagerank"] > 0
    assert {n["community"] for n in data["nodes"]} <= {0, 1}
    assert nodes["RUS"]["aliases"] == ["Russian Federation", "Moscow"]
    assert nodes["NATO"]["partners"][0] == [ids["RUS"], "Russia", 3]
    assert data["max_weight"] == 3
    assert data["quad_colors"] == QUAD_COLORS and data["type_colors"] == TYPE_COLORS
    text = " ".join(parse(html).text)
    assert "3 actors" in text and "4 interactions" in text and "2 links" in text


def test_filter_facets(small_graph):
    """Every interaction is counted by (type, quad, status, date), for the page's filters."""
    add_interaction(small_graph, "RUS", "NATO", "REQUEST", "verbal-conf", status="planned",
                    date="")  # fmt: skip
    data = embedded_json(render_html(small_graph))
    # in PLOVER's order
    assert data["types"] == ["CONSULT", "REQUEST", "ACCUSE", "THREATEN", "STATEMENT"]
    assert data["type_quads"] == ["verbal-coop", "verbal-conf", "verbal-conf", "verbal-conf",
                                  "neutral"]  # fmt: skip
    assert data["quads"] == list(QUADS)
    assert data["statuses"] == ["occurred", "planned"]
    assert data["dates"] == ["2024-03-01", "2024-03-02"]
    ids = {n["key"]: n["id"] for n in data["nodes"]}
    rn = next(e for e in data["edges"] if {e["from"], e["to"]} == {ids["RUS"], ids["NATO"]})
    t, q, s, d = data["types"], data["quads"], data["statuses"], data["dates"]
    facets = {(t[f[0]], q[f[1]], s[f[2]], d[f[3]] if f[3] >= 0 else "", f[4]) for f in rn["facets"]}
    assert facets == {
        ("ACCUSE", "verbal-conf", "occurred", "2024-03-01", 1),
        ("THREATEN", "verbal-conf", "occurred", "2024-03-02", 1),
        ("CONSULT", "verbal-coop", "occurred", "2024-03-01", 1),
        ("REQUEST", "verbal-conf", "planned", "", 1),
    }
    assert sum(f[4] for f in rn["facets"]) == rn["weight"] == 4
    # The panel's list is chronological, undated last.
    assert [i["date"] for i in rn["interactions"]] == ["2024-03-01", "2024-03-01", "2024-03-02", ""]


def test_interactions_kept_in_full_are_capped():
    g = nx.MultiDiGraph()
    add_actor(g, "a", "A")
    add_actor(g, "b", "B")
    for i in range(MAX_INTERACTIONS_PER_EDGE + 7):
        add_interaction(g, "a", "b", date=f"2024-01-{i % 28 + 1:02d}", sentence=f"s{i}")
    (edge,) = embedded_json(render_html(g))["edges"]
    assert edge["weight"] == MAX_INTERACTIONS_PER_EDGE + 7
    assert len(edge["interactions"]) == MAX_INTERACTIONS_PER_EDGE
    assert sum(f[4] for f in edge["facets"]) == edge["weight"]  # the filters see them all


def test_document_titles(small_graph):
    data = embedded_json(render_html(small_graph, doc_titles={"doc1": "Talks <b>", "x": "unused"}))
    assert data["doc_titles"] == {"doc1": "Talks <b>"}
    assert embedded_json(render_html(small_graph))["doc_titles"] == {}


def positions(data):
    return {n["key"]: (n["x"], n["y"]) for n in data["nodes"]}


def min_distance(points):
    pts = list(points)
    return min(math.dist(p, q) for i, p in enumerate(pts) for q in pts[i + 1 :])


def test_layout_is_seeded_and_readable(small_graph):
    a = embedded_json(render_html(small_graph, seed=1))
    b = embedded_json(render_html(small_graph, seed=1))
    assert positions(a) == positions(b)
    assert min_distance(positions(a).values()) >= 60  # nodes are up to 60 px across
    xs = [x for x, _ in positions(a).values()]
    assert max(xs) + min(xs) == pytest.approx(0, abs=1)  # centred


def test_components_are_packed_apart():
    g = nx.MultiDiGraph()
    for i in range(20):  # one star of 8 and six pairs
        add_actor(g, i, f"Actor {i}", "PERSON")
    for i in range(1, 8):
        add_interaction(g, 0, i)
    for i in range(8, 20, 2):
        add_interaction(g, i, i + 1)
    pos = positions(embedded_json(render_html(g)))
    assert min_distance(pos.values()) >= 60
    pair = math.dist(pos["8"], pos["9"])
    assert pair == pytest.approx(100, abs=1)
    # another component is farther from a pair than its two ends are from each other
    assert min(math.dist(pos["8"], pos[str(k)]) for k in range(20) if k not in (8, 9)) > pair
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.3 < height / width < 3  # packed into a block, not a long line


def test_page_does_not_depend_on_the_hash_seed():
    """Few actors with interactions among many: the page must not follow a set's order."""
    script = """
import networkx as nx, sys
from actorgraph.render import render_html
g = nx.MultiDiGraph()
for i in range(60):
    g.add_node(f"actor-{i}", label=f"Actor {i}", type="PERSON")
for i in range(0, 20, 2):
    g.add_edge(f"actor-{i}", f"actor-{i + 1}", type="CONSULT", quad="verbal-coop")
sys.stdout.write(render_html(g, max_edges=4))
"""
    pages = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(pages) == 1


def test_large_graph_layout():
    # 500 nodes or more: networkx wants SciPy; without it the NumPy layout takes over.
    g = nx.MultiDiGraph()
    for i in range(520):
        add_actor(g, i, f"Actor {i}", "PERSON")
    for i in range(1, 520):
        add_interaction(g, i, (i * 7) % i)
    data = embedded_json(render_html(g))
    assert len(data["nodes"]) == 520 and len(data["edges"]) == 519
    assert data["betweenness_k"] is not None  # estimated above 500 actors
    xs = {n["x"] for n in data["nodes"]}
    assert len(xs) > 400  # spread out, not piled up


def test_numpy_spring_fallback():
    g = nx.path_graph(6)
    a = _numpy_spring(g, seed=3)
    b = _numpy_spring(g, seed=3)
    assert {k: tuple(v) for k, v in a.items()} == {k: tuple(v) for k, v in b.items()}
    coords = [c for xy in a.values() for c in xy]
    assert max(abs(c) for c in coords) == pytest.approx(1.0)
    # neighbours end up closer than the two ends of the path
    ends = sum((a[0] - a[5]) ** 2) ** 0.5
    assert sum((a[0] - a[1]) ** 2) ** 0.5 < ends


def test_hostile_text_does_not_break_out(hostile_graph):
    html = render_html(hostile_graph, title=HOSTILE_TITLE)
    for raw in (
        HOSTILE_NAME,
        HOSTILE_SENTENCE,
        "</script><script>alert(1)</script>",
        HOSTILE_TITLE,
    ):
        assert raw not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)\\u003e", "")
    # Exactly the three script elements the page itself has, and they close where they should.
    # (vis-network itself holds the text "<script>" in a string: count without it.)
    page = html.replace(_vis_assets()[0], "").lower()
    assert page.count("<script") == 3
    assert page.count("</script") == 3
    tags = parse(html).tags
    assert [t for t, _ in tags if t in ("img", "b")] == []
    # The JSON round-trips: the browser's JSON.parse(textContent) gets the original strings.
    data = embedded_json(html)
    labels = {n["label"] for n in data["nodes"]}
    assert HOSTILE_NAME in labels
    assert 'Quote " and \\ backslash' in labels
    evil = next(n for n in data["nodes"] if n["key"] == "evil")
    assert evil["country"] == "</script>"
    assert evil["aliases"] == [HOSTILE_NAME]
    (it,) = data["edges"][0]["interactions"]
    assert it["sentence"] == HOSTILE_SENTENCE
    assert it["trigger"] == "</script>"
    assert it["doc_id"] == "<b>doc</b>"
    assert it["source"] == evil["id"]


def test_title_is_escaped():
    html = render_html(nx.MultiDiGraph(), title=HOSTILE_TITLE)
    assert HOSTILE_TITLE not in html
    escaped = "&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"
    assert f"<title>{escaped}</title>" in html
    assert f">{escaped}</h1>" in html


def test_page_script_never_uses_innerhtml(small_graph):
    html = render_html(small_graph)
    own = html.rsplit("<script>", 1)[1]
    assert "innerHTML" not in own and "insertAdjacentHTML" not in own
    assert "document.write" not in own
    # the data (of the level shown) is parsed from a JSON block's text, never evaluated
    assert 'document.getElementById("graph-data")' in own
    assert "JSON.parse(levelData[levelIndex].textContent)" in own


def test_json_for_script_escapes():
    s = json_for_script({"k": "<>&\u2028\u2029</script>"})
    assert not re.search("[<>&\u2028\u2029]", s)
    assert json.loads(s) == {"k": "<>&\u2028\u2029</script>"}


def test_max_edges_hides_weakest():
    g = nx.MultiDiGraph()
    for i in range(6):
        add_actor(g, f"n{i}", f"Actor {i}")
    # pair (n0, n{i}) gets i interactions
    for i in range(1, 6):
        for _ in range(i):
            add_interaction(g, "n0", f"n{i}")
    html = render_html(g, max_edges=2)
    data = embedded_json(html)
    assert sorted(e["weight"] for e in data["edges"]) == [4, 5]
    assert data["hidden_edges"] == 3
    assert "the 3 weakest links left out" in html
    # actors seen only in hidden links are not drawn, and the header says so
    assert {n["key"] for n in data["nodes"]} == {"n0", "n4", "n5"}
    assert data["hidden_actors"] == 3
    assert "3 actors only in those not drawn" in html
    assert "weakest" not in render_html(g)
    assert "the 1 weakest link left out" in render_html(g, max_edges=4)
    # the measures are the whole graph's, whatever is drawn
    full = {n["key"]: n["degree"] for n in embedded_json(render_html(g))["nodes"]}
    assert {n["key"]: n["degree"] for n in data["nodes"]}["n0"] == full["n0"] == 5
    with pytest.raises(ValueError):
        render_html(g, max_edges=-1)


def test_self_loops_and_unknown_types():
    g = nx.MultiDiGraph()
    add_actor(g, "a", "A", "")
    add_actor(g, "b", "B", "PERSON")
    add_interaction(g, "a", "a")
    add_interaction(g, "a", "b", "ASSAULT", "material-conf")
    data = embedded_json(render_html(g))
    assert len(data["edges"]) == 1
    assert data["edges"][0]["quad"] == "material-conf"
    assert data["edges"][0]["arrows"] == "to"
    assert embedded_json(render_html(g))["other_color"] == OTHER_COLOR


def test_isolates_are_drawn_on_request(small_graph):
    add_actor(small_graph, "lone", "Lonely", "ORG")
    assert "lone" not in {n["key"] for n in embedded_json(render_html(small_graph))["nodes"]}
    html = render_html(small_graph, isolates=True)
    nodes = {n["key"]: n for n in embedded_json(html)["nodes"]}
    assert nodes["lone"]["degree"] == 0 and nodes["lone"]["community"] == -1
    assert "without interactions not drawn" not in html


def test_empty_graph_renders():
    html = render_html(nx.MultiDiGraph())
    data = embedded_json(html)
    assert data["nodes"] == [] and data["edges"] == []
    assert "0 actors" in html and "0 interactions" in html
    assert "No actors to show." in html
    assert "</html>" in html


def test_write_html(tmp_path, small_graph):
    out = write_html(small_graph, tmp_path / "sub" / "graph.html", title="T", seed=3)
    assert out == tmp_path / "sub" / "graph.html"
    text = out.read_text(encoding="utf-8")
    assert text == render_html(small_graph, title="T", seed=3)


def corpus_like(n_main: int = 80, pairs: int = 12) -> nx.MultiDiGraph:
    """A main component (a seeded random graph with hubs) and pairs apart."""
    g = nx.MultiDiGraph()
    core = nx.barabasi_albert_graph(n_main, 2, seed=3)
    for i in core:
        add_actor(g, i, f"Actor {i}", "PERSON")
    for a, b in core.edges():
        add_interaction(g, a, b)
    for k in range(pairs):
        a, b = 1000 + 2 * k, 1001 + 2 * k
        add_actor(g, a, f"Pair {a}", "ORG")
        add_actor(g, b, f"Pair {b}", "ORG")
        add_interaction(g, a, b)
    return g


def test_main_component_in_the_middle_small_ones_beside():
    data = embedded_json(render_html(corpus_like()))
    main = [n for n in data["nodes"] if n["main"]]
    rest = [n for n in data["nodes"] if not n["main"]]
    assert len(main) == 80 and len(rest) == 24
    # the small components are in a block to the right of the main one, about as tall
    assert min(n["x"] for n in rest) > max(n["x"] for n in main)
    assert min(n["y"] for n in rest) >= min(n["y"] for n in main) - 1

    def height(nodes):
        return max(n["y"] for n in nodes) - min(n["y"] for n in nodes)

    assert height(rest) <= 1.2 * height(main)
    assert min_distance((n["x"], n["y"]) for n in main) > 15
    again = embedded_json(render_html(corpus_like()))
    assert positions(again) == positions(data)  # seeded


def test_no_main_component_when_none_dominates():
    g = corpus_like(n_main=6, pairs=5)
    data = embedded_json(render_html(g))
    assert not any(n["main"] for n in data["nodes"])


def test_levels_are_embedded_as_data(small_graph):
    other = nx.MultiDiGraph()
    add_actor(other, "X", HOSTILE_NAME)
    add_actor(other, "Y", "Y")
    add_interaction(other, "X", "Y", sentence=HOSTILE_SENTENCE)
    html = render_html(small_graph, levels={HOSTILE_TITLE: other}, level="actors <i>")
    assert HOSTILE_TITLE not in html
    assert 'data-first="actors &lt;i&gt;"' in html
    assert 'data-level="&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)' in html
    assert embedded_json(html)["nodes"]  # the first level is the page's data
    blocks = re.findall(r'<script type="application/json" class="graph-level" data-level="(.*?)">'
                        r"(.*?)</script>", html, flags=re.S)  # fmt: skip
    assert len(blocks) == 1
    assert [n["label"] for n in json.loads(blocks[0][1])["nodes"]] == [HOSTILE_NAME, "Y"]
    assert 'class="graph-level"' not in render_html(small_graph)
