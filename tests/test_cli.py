"""The command line end to end, through typer's CliRunner (loads the spaCy model)."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph import __version__
from actorgraph.cli import app
from actorgraph.graph import load_graph
from actorgraph.model import RECORD_FIELDS as EVENT_FIELDS
from actorgraph.pipeline import build as run_build
from actorgraph.pipeline import most_partners as top_actors
from actorgraph.render import render_html
from actorgraph.store import EVIDENCE_PER_DYAD, Store

pytestmark = pytest.mark.slow

COUNTS = re.compile(r"(\d+) documents \((\d+) new\), (\d+) actors, (\d+) interactions")
RECORD_KEYS = {"doc_id", "source", "target", "type", "directed", "status", "source_country",
               "target_country"}  # fmt: skip
GOOD_ARTICLE = ("Kenya and Tanzania signed a trade agreement on Monday.\n\n"
                "The Kenyan president urged Uganda to join the pact.\n")  # fmt: skip


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def counts(output: str) -> tuple[int, int, int, int]:
    found = COUNTS.search(output)
    assert found, output
    docs, new, actors, interactions = (int(x) for x in found.groups())
    return docs, new, actors, interactions


def out_option(command: str, tmp_path: Path) -> list[str]:
    return ["--out", str(tmp_path / "out")] if command == "build" else []


@pytest.fixture(scope="module")
def built(runner: CliRunner, examples_dir: Path, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("build")
    result = runner.invoke(app, ["build", str(examples_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    return d


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"actorgraph {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["events", "--help"]])
def test_help(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.output
    assert "build" in result.output and "events" in result.output


def test_build_writes_store_and_page(built: tuple[Path, str], examples_dir: Path) -> None:
    out, output = built
    assert (out / "actorgraph.db").is_file()
    assert (out / "graph.html").is_file()
    n_files = len(list(examples_dir.glob("*.txt")))
    docs, new, actors, interactions = counts(output)
    assert docs == new == n_files
    assert actors > 0 and interactions > 0
    assert str(out / "actorgraph.db") in output
    assert str(out / "graph.html") in output


def test_build_twice_adds_nothing(runner: CliRunner, built: tuple[Path, str],
                                  examples_dir: Path) -> None:  # fmt: skip
    out, first = built
    result = runner.invoke(app, ["build", str(examples_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(0 new)" in result.output
    before, after = counts(first), counts(result.output)
    assert after[1] == 0
    assert (after[0], after[2], after[3]) == (before[0], before[2], before[3])
    with Store(out / "actorgraph.db") as store:
        assert store.counts() == {"documents": before[0], "actors": before[2],
                                  "interactions": before[3]}  # fmt: skip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def test_page_names_the_actors_and_loads_nothing_remote(built: tuple[Path, str]) -> None:
    out, _ = built
    html = (out / "graph.html").read_text(encoding="utf-8")
    with Store(out / "actorgraph.db") as store:
        names = {n for it in store.iter_interactions() for n in (it.source, it.target)}
    assert names
    missing = [n for n in names if n not in html]
    assert missing == []
    links = _Links()
    links.feed(html)
    remote = [u for u in links.urls if "http://" in u.lower() or "https://" in u.lower()]
    assert remote == []
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found, "no graph-data block"
    return json.loads(found.group(1))


def test_page_is_drawn_from_the_aggregated_store(built: tuple[Path, str]) -> None:
    """The page has every actor with a partner, and the same data as the page drawn from
    every interaction (the multigraph), the evidence beyond K per dyad aside."""
    out, output = built
    data = _page_data((out / "graph.html").read_text(encoding="utf-8"))
    with Store(out / "actorgraph.db") as store:
        interactions = list(store.iter_interactions())
        multigraph = load_graph(store, evidence=False)
        titles = {d["id"]: d["title"] for d in store.documents() if d.get("title")}
    linked = {n for it in interactions if it.source_id != it.target_id
              for n in (it.source_id, it.target_id)}  # fmt: skip
    assert {n["key"] for n in data["nodes"]} == linked
    old = _page_data(render_html(multigraph, doc_titles=titles))
    assert data["nodes"] == old["nodes"]
    for new_edge, old_edge in zip(data["edges"], old["edges"], strict=True):
        new_list, old_list = new_edge.pop("interactions"), old_edge.pop("interactions")
        assert new_edge == old_edge
        assert new_list[:EVIDENCE_PER_DYAD] == old_list[:EVIDENCE_PER_DYAD]
    for name, partners in top_actors(multigraph):
        assert re.search(rf"{re.escape(name)}\s*│\s*{partners}\s", output), (name, output)


def test_html_draws_the_page_build_wrote(
    runner: CliRunner, built: tuple[Path, str], tmp_path: Path
) -> None:
    """``html STORE`` and ``build`` render a store one way: the same page, titles kept."""
    out, _ = built
    page = tmp_path / "again.html"
    result = runner.invoke(app, ["html", str(out), "--output", str(page)])
    assert result.exit_code == 0, result.output
    built_page = (out / "graph.html").read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8") == built_page


def test_build_does_not_load_every_interaction(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Store) -> None:
        raise AssertionError("the build read every interaction into Python")

    monkeypatch.setattr(Store, "iter_interactions", refuse)
    result = run_build([examples_dir], tmp_path / "out", workers=1)
    assert result.counts["interactions"] > 0
    assert result.top_actors
    nodes = _page_data(result.html_path.read_text(encoding="utf-8"))["nodes"]
    assert {n["label"] for n in nodes} >= {name for name, _ in result.top_actors}


def test_events_prints_json_lines(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(app, ["events", str(examples_dir)])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert lines
    records = [json.loads(ln) for ln in lines]
    for rec in records:
        assert RECORD_KEYS <= set(rec), rec
        assert list(rec) == list(EVENT_FIELDS)
        assert isinstance(rec["directed"], bool)
        assert rec["status"] in ("occurred", "planned", "negated")
    stems = {p.stem for p in examples_dir.glob("*.txt")}
    assert {r["doc_id"] for r in records} <= stems | {p.name for p in examples_dir.glob("*.txt")}


def test_events_csv_to_a_file(runner: CliRunner, examples_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    result = runner.invoke(app, ["events", str(examples_dir), "--format", "csv",
                                 "--output", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(EVENT_FIELDS)
    assert len(rows) > 1
    assert all(len(r) == len(EVENT_FIELDS) for r in rows)
    assert "{" not in result.stdout  # nothing printed to stdout


def test_events_bad_format(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(app, ["events", str(examples_dir), "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["build", "events"])
def test_missing_path(runner: CliRunner, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "no_such_dir"
    args = [command, str(missing), *out_option(command, tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    errors = [ln for ln in result.output.splitlines() if ln.lower().startswith("error")]
    assert len(errors) == 1, result.output
    assert "no_such_dir" in result.output
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("command", ["build", "events"])
def test_empty_file_is_skipped_and_reported(runner: CliRunner, mixed_dir: Path, tmp_path: Path,
                                            command: str) -> None:  # fmt: skip
    args = [command, str(mixed_dir), *out_option(command, tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # compare without white space, so the test is about content, not layout
    squeezed = "".join(result.stderr.split())
    assert squeezed.count(f"skipped{mixed_dir}") == 1, result.stderr
    assert f"skipped{mixed_dir / 'empty.txt'}:empty" in squeezed, result.stderr
    assert "good.txt" not in squeezed
    if command == "build":
        assert counts(result.output)[:2] == (1, 1)
    else:
        records = [json.loads(ln) for ln in result.stdout.splitlines() if ln.strip()]
        assert records and {r["doc_id"] for r in records} == {"good"}


@pytest.mark.parametrize("command", ["build", "events"])
def test_unknown_model(runner: CliRunner, examples_dir: Path, tmp_path: Path,
                       command: str) -> None:  # fmt: skip
    args = [command, str(examples_dir), "--model", "no_such_model", *out_option(command, tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    assert "no_such_model" in text
    assert "pip install" in text


@pytest.mark.parametrize("case", ["model", "skip"])
def test_messages_are_one_line_each(runner: CliRunner, examples_dir: Path, mixed_dir: Path,
                                    case: str) -> None:  # fmt: skip
    if case == "model":
        args = ["events", str(examples_dir), "--model", "no_such_model"]
        code, needle = 2, "pip install"
    else:
        args = ["events", str(mixed_dir)]
        code, needle = 1, f"{mixed_dir / 'empty.txt'}: empty"
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == code
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert needle in lines[0]


def test_html_saves_pictures_of_the_first_view(
    runner: CliRunner, built: tuple[Path, str], tmp_path: Path
) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    out, _ = built
    png, svg = tmp_path / "view.png", tmp_path / "view.svg"
    args = ["html", str(out), "--output", str(tmp_path / "p.html"), "--png", str(png)]
    result = runner.invoke(app, [*args, "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    assert f"picture: {png}" in result.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    assert svg.read_text(encoding="utf-8").startswith("<?xml") and "<circle" in svg.read_text()


def test_html_picture_without_chromium_is_one_line(
    runner: CliRunner, built: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTORGRAPH_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out, _ = built
    page = tmp_path / "p.html"
    result = runner.invoke(app, ["html", str(out), "--output", str(page), "--png",
                                 str(tmp_path / "v.png")])  # fmt: skip
    assert result.exit_code != 0
    assert "error: a picture needs Chromium" in result.output
    assert "Traceback" not in result.output
    assert page.exists() and not (tmp_path / "v.png").exists()
