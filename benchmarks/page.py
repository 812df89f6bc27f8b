"""Time the HTML page of a store and measure its first view (issue 15) in Chromium.

usage: python benchmarks/page.py [--store DIR] [--max-edges N] [--runs R] [--keep FILE]
                                 [--min-weight W]

Loads the store's graph (as ``actorgraph build`` does), renders the page, opens it from
``file://`` in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, the
network blocked) and waits for the flag the page sets after vis-network's first
``afterDrawing``. Physics is off, so that first drawing is the final picture; the script
checks it by reading every node's position again a second later. It prints the time
from navigation to the flag (wall clock, and as the page measured it), per run and the
median.

Then, in a 1440x900 window, the first view's legibility: how many of the 20 actors with
most partners have a name drawn at 11 px or more (with dark pixels on the canvas where
it says it drew it), whether any two of those overlap, and how much of the canvas the
drawn actors span; and the same after setting the minimum link weight to ``--min-weight``
(3), with how many actors are left and how many are named.

Build a store first, e.g.
``actorgraph build ../shared/corpora/bbc/bbc.jsonl --out /tmp/bbc-store``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from actorgraph.graph import load_summary
from actorgraph.pipeline import DB_NAME
from actorgraph.render import render_html
from actorgraph.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWPORT = {"width": 1400, "height": 860}
FIRST_VIEW = {"width": 1440, "height": 900}

#: The first view's figures, measured in the page (the same as tests/test_browser.py).
VIEW_FIGURES = """n => {
    const ag = window.actorgraph, d = ag.data, net = ag.network;
    const box = document.getElementById("network").getBoundingClientRect();
    const labels = ag.labels(), byId = new Map(labels.map(l => [l.id, l]));
    const shown = d.nodes.filter(x => !ag.nodes.get(x.id).hidden);
    const top = shown.slice().sort((a, b) => b.degree - a.degree || a.id - b.id).slice(0, n);
    const at = shown.map(x => net.canvasToDOM(net.getPosition(x.id)));
    const xs = at.map(p => p.x), ys = at.map(p => p.y);
    const canvas = document.querySelector("#network canvas");
    const ratio = canvas.width / box.width, ctx = canvas.getContext("2d");
    function ink(l) {
        const px = ctx.getImageData(Math.round(l.x * ratio), Math.round(l.y * ratio),
            Math.max(1, Math.round(l.w * ratio)), Math.max(1, Math.round(l.h * ratio))).data;
        let dark = 0;
        for (let i = 0; i < px.length; i += 4)
            if (px[i + 3] > 200 && px[i] + px[i + 1] + px[i + 2] < 240) dark++;
        return dark;
    }
    const named = top.filter(x => byId.has(x.id) && byId.get(x.id).size >= 11
                                  && ink(byId.get(x.id)) >= 10).map(x => byId.get(x.id));
    let overlaps = 0;
    for (let i = 0; i < named.length; i++) for (let j = i + 1; j < named.length; j++) {
        const a = named[i], b = named[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps++;
    }
    return {
        shown: shown.length, labelled: labels.length, top: top.length, named: named.length,
        overlaps: overlaps, minSize: Math.min(...named.map(l => l.size)),
        spanX: (Math.max(...xs) - Math.min(...xs)) / box.width,
        spanY: (Math.max(...ys) - Math.min(...ys)) / box.height,
        canvas: [Math.round(box.width), Math.round(box.height)],
    };
}"""


def measure(page_path: Path, runs: int) -> tuple[list[tuple[float, float]], str]:
    """(wall seconds, in-page seconds) from navigation to drawn, for each run; and what
    the page says it shows."""
    from playwright.sync_api import sync_playwright

    results = []
    shows = ""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport=VIEWPORT)
            errors: list[str] = []
            outside: list[str] = []
            page.on(
                "console",
                lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))

            def route(r, outside=outside):
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            started = time.perf_counter()
            page.goto(page_path.resolve().as_uri(), wait_until="commit")
            # A selector, not wait_for_function: polling a JavaScript predicate needs
            # eval, which the page's Content-Security-Policy forbids.
            page.wait_for_selector("body[data-drawn]", state="attached", timeout=120_000)
            wall = time.perf_counter() - started
            in_page = page.evaluate("window.actorgraph.drawnAt") / 1000.0
            before = page.evaluate("JSON.stringify(window.actorgraph.network.getPositions())")
            page.wait_for_timeout(1000)
            after = page.evaluate("JSON.stringify(window.actorgraph.network.getPositions())")
            if before != after:
                raise SystemExit("the nodes moved after the first drawing")
            if errors or outside:
                raise SystemExit(f"console errors {errors} / outside requests {outside}")
            results.append((wall, in_page))
            shows = page.locator("#showing").text_content() or ""
            hidden = page.locator("#hidden-note")
            if hidden.count():
                shows += " · " + (hidden.text_content() or "")
            page.close()
        browser.close()
    return results, shows


def first_view(page_path: Path, min_weight: int) -> tuple[float, dict, dict]:
    """Seconds to the first drawing at 1440x900, the first view's figures, and the
    figures after setting the minimum link weight."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport=FIRST_VIEW)
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        started = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), wait_until="commit")
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=120_000)
        ready = time.perf_counter() - started
        first = page.evaluate(VIEW_FIGURES, 20)
        page.evaluate(
            """w => {
                const s = document.getElementById("min-weight");
                const ws = [...new Set(window.actorgraph.data.edges.map(e => e.weight))];
                const all = [1, ...ws.filter(x => x > 1)].sort((a, b) => a - b);
                s.value = String(Math.max(0, all.findIndex(x => x >= w)));
                s.dispatchEvent(new Event("input"));
            }""",
            min_weight,
        )
        after = page.evaluate(VIEW_FIGURES, 20)
        after["min_weight"] = int(page.locator("#min-weight-value").text_content() or 0)
        after["showing"] = page.locator("#showing").text_content()
        browser.close()
    return ready, first, after


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, default=Path("/tmp/bbc-store"),
                    help="a build's --out directory or its .db file")  # fmt: skip
    ap.add_argument("--max-edges", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="also write the page here")
    ap.add_argument("--min-weight", type=int, default=3,
                    help="the minimum link weight of the filtered view (default 3)")  # fmt: skip
    args = ap.parse_args(argv)
    db = args.store / DB_NAME if args.store.is_dir() else args.store
    if not db.exists():
        print(f"no store at {db}", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    with Store(db, create=False) as store:
        graph = load_summary(store)
        titles = graph.graph["document_titles"]
        counts = store.counts()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    html = render_html(graph, title=f"actorgraph: {db.parent.name}", max_edges=args.max_edges,
                       doc_titles=titles)  # fmt: skip
    rendered = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "graph.html"
        page_path.write_text(html, encoding="utf-8")
        if args.keep:
            args.keep.write_text(html, encoding="utf-8")
        results, shows = measure(page_path, args.runs)
        ready, first, after = first_view(page_path, args.min_weight)

    print(f"store: {counts['documents']} documents, {counts['actors']} actors, "
          f"{counts['interactions']} interactions ({db})")  # fmt: skip
    print(f"graph loaded in {loaded:.2f} s; page rendered in {rendered:.2f} s, "
          f"{len(html.encode('utf-8')) / 1e6:.1f} MB")  # fmt: skip
    print(f"page: {shows}")
    for i, (wall, in_page) in enumerate(results, 1):
        print(f"run {i}: drawn and still {wall:.2f} s after navigation (page's own clock "
              f"{in_page:.2f} s)")  # fmt: skip
    median = statistics.median(w for w, _ in results)
    print(f"median: {median:.2f} s — {'under' if median < 10 else 'OVER'} 10 s")

    def verdict(ok: bool) -> str:
        return "ok" if ok else "SHORT"

    print(f"first view at 1440x900 (canvas {first['canvas'][0]}x{first['canvas'][1]}): "
          f"ready in {ready:.2f} s [{verdict(ready < 3)}: < 3 s]")  # fmt: skip
    print(f"  {first['named']} of the {first['top']} actors with most partners named at "
          f">= 11 px (smallest {first['minSize']} px) [{verdict(first['named'] >= 15)}: >= 15]; "
          f"{first['overlaps']} overlaps [{verdict(first['overlaps'] == 0)}]; "
          f"{first['labelled']} names drawn of {first['shown']} actors")  # fmt: skip
    print(f"  drawn actors span {first['spanX']:.0%} x {first['spanY']:.0%} of the canvas "
          f"[{verdict(min(first['spanX'], first['spanY']) >= 0.5)}: >= 50%]")  # fmt: skip
    print(f"after minimum link weight {after['min_weight']}: {after['showing']}")
    print(f"  span {after['spanX']:.0%} x {after['spanY']:.0%} "
          f"[{verdict(min(after['spanX'], after['spanY']) >= 0.5)}: >= 50%]; "
          f"{after['labelled']} named [{verdict(after['labelled'] >= 10)}: >= 10]; "
          f"{after['overlaps']} overlaps among the top 20")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
