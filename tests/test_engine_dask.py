"""The Dask engine on a LocalCluster gives exactly the interactions of the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

from actorgraph.dask_engine import plan_partitions, read_partition  # noqa: E402
from actorgraph.ingest import ReadReport, read_documents  # noqa: E402
from actorgraph.pipeline import build, extract_paths  # noqa: E402
from actorgraph.store import Store  # noqa: E402

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster reached by its address, as a real cluster is (--scheduler)."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    """The examples as .txt files, plus a JSONL file with a blank line, a bad line, a line
    without id and an id repeated from an earlier line with another text (kept under a
    derived id, issue 16)."""
    docs = list(read_documents([EXAMPLES], report=ReadReport()))
    lines = [
        json.dumps({"id": f"j{n}", "text": d.text, "date": d.date}) for n, d in enumerate(docs)
    ]
    lines.insert(1, "")
    lines.insert(2, "{not json")
    lines.append(json.dumps({"text": docs[0].text.replace("Warsaw", "Berlin")}))
    lines.append(json.dumps({"id": "j1", "text": "A repeated id with another text is kept."}))
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(EXAMPLES), str(jsonl)]


def test_partitions_hold_exactly_the_documents_the_reader_gives(corpus):
    report = ReadReport()
    parts = plan_partitions(corpus, report=report, size=2)
    assert len(parts) == 4
    read = [d for p in parts for d in read_partition(p)]
    local = list(read_documents(corpus, report=ReadReport()))
    assert read == local
    assert report.documents == len(local) and report.skipped


def test_dask_on_a_local_cluster_gives_the_interactions_of_the_local_engine(corpus, tmp_path):
    local = build(corpus, tmp_path / "local", workers=1)
    dask = build(corpus, tmp_path / "dask", engine="dask", workers=2)
    assert dask.new_documents == local.new_documents == 8
    with Store(tmp_path / "local") as a, Store(tmp_path / "dask") as b:
        expected = list(a.iter_interactions())
        assert list(b.iter_interactions()) == expected
        assert a.counts() == b.counts()
        assert a.actors() == b.actors()
        assert a.mention_counts() == b.mention_counts()
    assert len(expected) > 10
    assert sorted(p.name for p in (tmp_path / "dask" / "parts" / "interactions").iterdir())


def test_dask_rebuild_parses_only_new_documents(corpus, tmp_path, scheduler):
    first = build(corpus[:1], tmp_path / "out", engine="dask", scheduler=scheduler)
    assert first.new_documents == 3
    again = build(corpus, tmp_path / "out", engine="dask", scheduler=scheduler)
    assert again.new_documents == 5
    assert build(corpus, tmp_path / "out", engine="dask", scheduler=scheduler).new_documents == 0
    local = build(corpus, tmp_path / "local", workers=1)
    with Store(tmp_path / "local") as a, Store(tmp_path / "out") as b:
        assert list(b.iter_interactions()) == list(a.iter_interactions())
    assert local.new_documents == 8


def test_dask_events_match_local_events(corpus, tmp_path, scheduler):
    def records(**options):
        return [
            it.to_record()
            for ex in extract_paths(corpus, report=ReadReport(), **options)
            for it in ex.interactions
        ]

    on_dask = records(engine="dask", scheduler=scheduler, parts=str(tmp_path / "parts"))
    assert on_dask == records(workers=1)
