"""The page in a real browser: headless Chromium from file://, with the network cut off.

Needs Debian's ``chromium`` at /usr/bin/chromium and the ``playwright`` Python package
(no ``playwright install``: the system browser is used). Skipped when either is missing.
"""

from __future__ import annotations

import os

import networkx as nx
import pytest

from actorgraph.render import write_html

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = "He said </script><script>alert(2)</script> and <img src=y onerror=alert(3)>"
HOSTILE_TITLE = "</title><script>alert(4)</script><img src=z onerror=alert(5)>"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def node(g, key, label, kind):
    g.add_node(key, label=label, type=kind, country="", aliases="", mentions=1)


def edge(g, u, v, kind="CONSULT", quad="verbal-coop", sentence="They met.", trigger="met",
         directed=True):  # fmt: skip
    g.add_edge(
        u, v, type=kind, quad=quad, status="occurred", date="2024-01-02", directed=directed,
        mode="", trigger=trigger, sentence=sentence, doc_id="d1",
    )  # fmt: skip


def sample_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    node(g, "RUS", "Russia", "COUNTRY")
    node(g, "NATO", "NATO", "ORG")
    node(g, "P", "Vladimir Putin", "PERSON")
    node(g, "X", "Lonely", "ORG")  # no interactions
    edge(g, "RUS", "NATO", "ACCUSE", "verbal-conf")
    edge(g, "NATO", "RUS")
    edge(g, "P", "NATO", "THREATEN", "verbal-conf")
    edge(g, "P", "RUS", "STATEMENT", "neutral", "Putin and Russia spoke.", directed=False)
    return g


def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    node(g, "evil", HOSTILE_NAME, "PERSON")
    node(g, "ok", "</script><script>alert(6)</script>", "ORG")
    edge(g, "evil", "ok", "ACCUSE", "verbal-conf", HOSTILE_SENTENCE, "<img")
    return g


def open_page(browser, path):
    """Load ``path``; return the page and lists of outside requests, errors and dialogs."""
    page = browser.new_page()
    outside, errors, dialogs = [], [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.actorgraph && window.actorgraph.network")
    return page, outside, errors, dialogs


def test_page_draws_offline(browser, tmp_path):
    path = write_html(sample_graph(), tmp_path / "graph.html", title="Sample")
    page, outside, errors, dialogs = open_page(browser, path)
    assert outside == []
    assert errors == []
    assert dialogs == []
    assert page.evaluate("window.actorgraph.nodes.length") == 4
    assert page.evaluate("window.actorgraph.edges.length") == 3
    assert page.evaluate("Object.keys(window.actorgraph.network.body.nodes).length") == 4
    assert page.evaluate("window.actorgraph.network.physics.physicsEnabled") is False
    assert page.locator("#title").text_content() == "Sample"
    # Clicking a node fills the side panel.
    page.evaluate(
        """() => {
            const net = window.actorgraph.network;
            const id = window.actorgraph.data.nodes.find(n => n.key === "NATO").id;
            const p = net.canvasToDOM(net.getPosition(id));
            net.body.emitter.emit("click", {nodes: [id], edges: [], pointer: {DOM: p}});
        }"""
    )
    panel = page.locator("#panel").text_content()
    assert "NATO" in panel and "Top partners" in panel and "Russia" in panel
    page.evaluate(
        """() => window.actorgraph.network.body.emitter.emit(
            "click", {nodes: [], edges: [0], pointer: {DOM: {x: 0, y: 0}}})"""
    )
    panel = page.locator("#panel").text_content()
    assert "ACCUSE" in panel and "They met." in panel and "d1" in panel
    page.close()


def test_empty_page(browser, tmp_path):
    path = write_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    page, outside, errors, dialogs = open_page(browser, path)
    assert (outside, errors, dialogs) == ([], [], [])
    assert page.evaluate("window.actorgraph.nodes.length") == 0
    page.close()


def test_hostile_page_runs_nothing(browser, tmp_path):
    path = write_html(hostile_graph(), tmp_path / "hostile.html", title=HOSTILE_TITLE)
    page, outside, errors, dialogs = open_page(browser, path)
    assert page.evaluate("window.actorgraph.nodes.length") == 2
    assert page.locator("#title").text_content() == HOSTILE_TITLE
    assert page.title() == HOSTILE_TITLE
    labels = page.evaluate("window.actorgraph.nodes.get().map(n => n.label)")
    assert HOSTILE_NAME in labels
    # Show every tooltip and the panel for every node and edge: text only, nothing runs.
    page.evaluate(
        """() => {
            const ag = window.actorgraph, em = ag.network.body.emitter;
            for (const n of ag.data.nodes) {
                document.body.appendChild(ag.nodes.get(n.id).title);
                em.emit("click", {nodes: [n.id], edges: [], pointer: {DOM: {x: 0, y: 0}}});
            }
            for (const e of ag.data.edges) {
                document.body.appendChild(ag.edges.get(e.id).title);
                em.emit("click", {nodes: [], edges: [e.id], pointer: {DOM: {x: 0, y: 0}}});
            }
        }"""
    )
    page.wait_for_timeout(300)
    assert HOSTILE_SENTENCE in page.locator("#panel").text_content()
    assert page.locator("#panel mark").text_content() == "<img"  # the trigger, marked
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 3
    assert dialogs == []
    assert outside == []
    assert errors == []
    page.close()
