"""Time the HTML page of a store: rendered in Python, then drawn and still in Chromium.

usage: python benchmarks/page.py [--store DIR] [--max-edges N] [--runs R] [--keep FILE]

Loads the store's graph (as ``actorgraph build`` does), renders the page, opens it from
``file://`` in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, the
network blocked) and waits for the flag the page sets after vis-network's first
``afterDrawing``. Physics is off, so that first drawing is the final picture; the script
checks it by reading every node's position again a second later. It prints the time
from navigation to the flag (wall clock, and as the page measured it), per run and the
median.

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", type=Path, default=Path("/tmp/bbc-store"),
                    help="a build's --out directory or its .db file")  # fmt: skip
    ap.add_argument("--max-edges", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="also write the page here")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
