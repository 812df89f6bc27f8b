"""The correction loop (issue 13): merge, rename, ignore, and a dictionary from a store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.dictionary import load_dictionary
from actorgraph.store import Store

pytestmark = pytest.mark.slow

DOCS = [
    {"id": "a", "date": "1987-05-18", "text": "Ronald Reagan accused Iran of attacking "
     "shipping. Iran rejected the charge. The U.S. Navy warned Iran on Monday."},
    {"id": "b", "date": "1987-05-19", "text": "Reagan criticised Iran again. Margaret Thatcher "
     "met Reagan in Washington. The Kuwait Oil Company asked Britain for help."},
]  # fmt: skip


def _snapshot(db: Path) -> tuple:
    with Store(db, create=False) as store:
        return (store.actors(), [i.to_record() for i in store.iter_interactions()],
                store.mention_counts())  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corrections")
    corpus = root / "docs.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS))
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(root / "out"),
                                      "--report", str(root / "report.json")])  # fmt: skip
    assert result.exit_code == 0, result.output
    return root


def test_the_build_report_says_what_resolution_did(built: Path) -> None:
    report = json.loads((built / "report.json").read_text())
    assert report["resolution"]["merged"] >= 1  # "Reagan" joined "Ronald Reagan"
    assert report["resolution"]["ambiguous"] == []


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_build_joins_a_surname_to_the_full_name(built: Path) -> None:
    with Store(built / "out", create=False) as store:
        names = {a.name: a for a in store.actors()}
    assert "Reagan" not in names
    assert "Reagan" in names["Ronald Reagan"].aliases


def test_corrections_apply_now_and_equal_a_fresh_build(built: Path) -> None:
    work = built / "work"
    shutil.copytree(built / "out", work)
    out = _invoke("merge", str(work), "U.S. Navy", "United States")
    assert "merged" in out
    _invoke("rename", str(work), "Ronald Reagan", "President Reagan")
    _invoke("ignore", str(work), "Kuwait Oil Company")
    with Store(work, create=False) as store:
        names = {a.name for a in store.actors()}
    assert "President Reagan" in names and "Ronald Reagan" not in names
    assert "Kuwait Oil Company" not in names and "U.S. Navy" not in names
    entries = load_dictionary(work / "corrections.toml").entries
    assert {e.type for e in entries} >= {"IGNORE"}
    # the same store as a fresh build that starts with that corrections file
    fresh = built / "fresh"
    fresh.mkdir()
    shutil.copy(work / "corrections.toml", fresh / "corrections.toml")
    _invoke("build", str(built / "docs.jsonl"), "--out", str(fresh))
    assert _snapshot(work / "actorgraph.db") == _snapshot(fresh / "actorgraph.db")
    # a dictionary alias is searchable like any other name
    found = json.loads(_invoke("actors", str(work), "Ronald Reagan", "--json"))
    assert [r["label"] for r in found] == ["President Reagan"]


def test_actors_writes_a_dictionary_to_start_from(built: Path) -> None:
    path = built / "start.toml"
    _invoke("actors", str(built / "out"), "--dictionary", str(path))
    entries = load_dictionary(path).entries
    assert "Ronald Reagan" in {e.name for e in entries}


def test_an_unknown_actor_is_one_line_error(built: Path) -> None:
    result = CliRunner().invoke(app, ["ignore", str(built / "out"), "Nobody At All"])
    assert result.exit_code != 0
    assert "no actor named" in result.output


def test_levels_on_stats_export_and_html(built: Path) -> None:
    report = json.loads(_invoke("stats", str(built / "out"), "--level", "country", "--json"))
    actor_level = json.loads(_invoke("stats", str(built / "out"), "--json"))
    assert report["actors"] < actor_level["actors"]
    out = built / "countries.json"
    _invoke("export", str(built / "out"), "--to", "json", "--output", str(out),
            "--level", "sector")  # fmt: skip
    assert out.exists()
    page = built / "countries.html"
    _invoke("html", str(built / "out"), "--output", str(page), "--level", "country")
    assert "Iran" in page.read_text()
    result = CliRunner().invoke(app, ["stats", str(built / "out"), "--level", "planet"])
    assert result.exit_code != 0 and "--level" in result.output


def test_resolve_again_gives_the_same_store(built: Path) -> None:
    work = built / "again"
    shutil.copytree(built / "out", work)
    before = _snapshot(work / "actorgraph.db")
    out = _invoke("resolve", str(work))
    assert "resolved:" in out
    assert _snapshot(work / "actorgraph.db") == before
