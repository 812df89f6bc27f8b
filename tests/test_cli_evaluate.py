"""`actorgraph evaluate` end to end: errors without the model, scores with it (slow),
and agreement with ../shared/eval/score.py on the seed story."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.evaluate import LEVELS

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
SEED = EVAL / "seed.jsonl"
RATE_KEYS = {"precision", "recall", "f1", "tp", "fp", "fn"}

GOLD = {
    "id": "g1", "date": "2024-03-04", "text": "Kenya accused Uganda. Kenya met Tanzania.",
    "actors": [
        {"id": "KEN", "type": "COUNTRY", "country": "KEN", "aliases": ["Kenya", "Nairobi"]},
        {"id": "UGA", "type": "COUNTRY", "country": "UGA", "aliases": ["Uganda"]},
        {"id": "TZA", "type": "COUNTRY", "country": "TZA", "aliases": ["Tanzania"]},
    ],
    "interactions": [
        {"source": "KEN", "target": "UGA", "type": "ACCUSE", "directed": True},
        {"source": "KEN", "target": "TZA", "type": "CONSULT", "directed": False},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def check_shape(data: dict, files: list[str]) -> None:
    assert set(data) >= {"overall", "files"}
    assert list(data["files"]) == files
    for entry in [data["overall"], *data["files"].values()]:
        assert list(entry) == list(LEVELS)
        for level in LEVELS:
            assert set(entry[level]) == RATE_KEYS
            assert 0.0 <= entry[level]["f1"] <= 1.0


def load_reference():
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ without the spaCy model


def test_evaluate_predictions_file_per_file_and_overall(runner, tmp_path):
    gold_a = write_jsonl(tmp_path / "a.jsonl", [GOLD])
    gold_b = write_jsonl(tmp_path / "b.jsonl", [{**GOLD, "id": "g2"}])
    preds = write_jsonl(tmp_path / "p.jsonl", [
        {"doc_id": "g1", "source": "Nairobi", "target": "Uganda", "type": "ACCUSE"},
        {"doc_id": "g1", "source": "Tanzania", "target": "Kenya", "type": "CONSULT"},
        {"doc_id": "g2", "source": "Uganda", "target": "Kenya", "type": "THREATEN"},
    ])  # fmt: skip
    args = ["evaluate", str(gold_a), str(gold_b), "--predictions", str(preds)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    check_shape(data, [str(gold_a), str(gold_b)])
    a, b, overall = data["files"][str(gold_a)], data["files"][str(gold_b)], data["overall"]
    assert a["typed"]["f1"] == 1.0
    assert (b["pair"]["tp"], b["pair"]["fp"], b["pair"]["fn"]) == (1, 0, 1)
    assert (b["directed"]["tp"], b["typed"]["tp"]) == (0, 0)
    assert (overall["pair"]["tp"], overall["pair"]["fn"]) == (3, 1)
    assert overall["pair"]["recall"] == 0.75
    assert data["documents"] == 2 and data["predictions"] == 3

    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert f"== {gold_a}: 1 documents, 2 predictions" in table.stdout
    assert "== overall (2 files): 2 documents, 3 predictions" in table.stdout
    overall_rows = table.stdout.split("== overall")[1].splitlines()
    assert overall_rows[2].split() == ["pair", "1.000", "0.750", "0.857", "3", "0", "1"]


def test_evaluate_counts_predictions_of_unknown_documents(runner, tmp_path):
    gold = write_jsonl(tmp_path / "a.jsonl", [GOLD])
    preds = write_jsonl(tmp_path / "p.jsonl", [
        {"doc_id": "g1", "source": "Kenya", "target": "Uganda", "type": "ACCUSE"},
        {"doc_id": "other", "source": "Kenya", "target": "Uganda", "type": "ACCUSE"},
    ])  # fmt: skip
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(preds), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["predictions"] == 1
    assert "1 predictions name 1 documents in no gold file" in result.stderr
    assert "'other'" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gold file not found"),
        ('{"id": "x"\n', ":1: not valid JSON"),
        (json.dumps({**GOLD, "interactions": [{"source": "KEN", "target": "FRA",
                                               "type": "AID"}]}),
         ":1: interaction 1 names 'FRA', which is not an actor id"),
    ],
)  # fmt: skip
def test_evaluate_bad_gold_is_one_line_and_exit_2(runner, tmp_path, content, message):
    gold = tmp_path / "gold.jsonl"
    if content is not None:
        gold.write_text(content, encoding="utf-8")
    preds = write_jsonl(tmp_path / "p.jsonl", [])
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(preds)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_evaluate_bad_predictions_and_options_exit_2(runner, tmp_path):
    gold = write_jsonl(tmp_path / "a.jsonl", [GOLD])
    preds = tmp_path / "p.jsonl"
    preds.write_text('{"doc_id": "g1"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(preds)])
    assert result.exit_code == 2
    assert f"{preds}:2: not valid JSON" in result.stderr
    both = ["evaluate", str(gold), "--predictions", str(preds), "--model", "en_core_web_sm"]
    result = runner.invoke(app, both)
    assert result.exit_code == 2 and "takes no --extractor-model or --model" in result.stderr
    result = runner.invoke(app, ["evaluate", str(gold), "--parse", "fast"])
    assert result.exit_code == 2 and "--parse must be selective or full" in result.stderr


# ------------------------------------------------------------------ with the model


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="../shared/eval is absent")
def test_evaluate_seed_agrees_with_shared_score_py(runner, tmp_path):
    reference = load_reference()
    gold = reference.read_jsonl(SEED)
    result = runner.invoke(app, ["evaluate", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    check_shape(ours, [str(SEED)])

    events = runner.invoke(app, ["events", str(SEED), "--workers", "1"])
    assert events.exit_code == 0, events.output
    records = [json.loads(line) for line in events.stdout.splitlines() if line.strip()]
    assert records
    theirs = reference.score(gold, records)
    for level in LEVELS:
        assert abs(ours["overall"][level]["f1"] - theirs[level]["f1"]) <= 0.005, level
        assert ours["files"][str(SEED)][level] == ours["overall"][level]

    # The seed story scores close to 1: spoil the predictions so that both scorers have
    # misses, false positives, reversed directions and wrong types to agree on.
    spoiled = []
    for n, record in enumerate(records):
        if n % 4 == 0:
            continue
        if n % 4 == 1:
            record = {**record, "source": record["target"], "target": record["source"]}
        if n % 4 == 2:
            record = {**record, "type": "THREATEN"}
        spoiled.append(record)
    spoiled.append({**records[0], "target": "Nobody In Particular"})
    preds = write_jsonl(tmp_path / "spoiled.jsonl", spoiled)
    result = runner.invoke(app, ["evaluate", str(SEED), "--predictions", str(preds), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)["overall"]
    theirs = reference.score(gold, spoiled)
    assert theirs["pair"]["f1"] < 1.0 and theirs["typed"]["f1"] < 1.0
    for level in LEVELS:
        assert abs(ours[level]["f1"] - theirs[level]["f1"]) <= 0.005, level
