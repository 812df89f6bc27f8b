"""Scoring against gold (actorgraph.evaluate): each guideline rule on a hand-made document,
and agreement with ../shared/eval/score.py on perturbed copies of the shared gold."""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from actorgraph.errors import ActorgraphError, GoldError, InputError
from actorgraph.evaluate import (
    LEVELS,
    actor_matcher,
    assign_predictions,
    format_table,
    gold_keys,
    merge_scores,
    normalize_name,
    read_gold,
    read_predictions,
    rounded_levels,
    score,
)

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
GOLD_FILES = sorted(EVAL.glob("*.jsonl")) if EVAL.is_dir() else []
PLOVER_TYPES = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
                "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT STATEMENT").split()  # fmt: skip


def actor(id_: str, country: str | None, *aliases: str, type_: str = "COUNTRY") -> dict:
    return {"id": id_, "type": type_, "country": country, "aliases": list(aliases)}


def inter(source, target, type_="ACCUSE", directed=True, optional=False) -> dict:
    return {"source": source, "target": target, "type": type_, "directed": directed,
            "status": "occurred", "optional": optional}  # fmt: skip


def doc(interactions, id_="d1", actors=None) -> dict:
    actors = actors or [
        actor("USA", "USA", "United States", "Washington", "US"),
        actor("RUS", "RUS", "Russia", "Moscow", "the Kremlin"),
        actor("UKR", "UKR", "Ukraine", "Kyiv"),
        actor("BLINKEN", "USA", "Antony Blinken", "Blinken", type_="PERSON"),
        actor("LAVROV", "RUS", "Sergey Lavrov", "Lavrov", type_="PERSON"),
    ]
    return {"id": id_, "date": "2022-01-31", "text": "...", "actors": actors,
            "interactions": interactions}  # fmt: skip


def pred(source, target, type_="ACCUSE", directed=True, doc_id="d1", **extra) -> dict:
    return {"doc_id": doc_id, "source": source, "target": target, "type": type_,
            "directed": directed, **extra}  # fmt: skip


def counts(result: dict, level: str) -> tuple[int, int, int]:
    r = result[level]
    return r["tp"], r["fp"], r["fn"]


# ------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Kremlin", "kremlin"),
        ("U.S.", "us"),
        ("Russia's", "russia"),
        ("Russia\u2019s", "russia"),
        ("  United   States  ", "united states"),
        ("(NATO)", "nato"),
        ("U.S.-led coalition", "us-led coalition"),
        ("O'Brien", "o'brien"),
        ("Theresa May", "theresa may"),  # "the" only as a word
        (None, ""),
    ],
)
def test_normalize_name(name, expected):
    assert normalize_name(name) == expected


def test_matcher_exact_alias_ignores_case_article_and_periods():
    match = actor_matcher(doc([]))
    assert match("the kremlin") == "RUS"
    assert match("KREMLIN") == "RUS"
    assert match("U.S.") == "USA"
    assert match("usa") == "USA"  # the id counts as an alias
    assert match("Moscow's") == "RUS"


def test_matcher_contains_alias_or_is_contained_as_whole_words():
    match = actor_matcher(doc([]))
    assert match("US Secretary of State Antony Blinken") == "BLINKEN"  # longest alias wins
    assert match("Foreign Minister Sergey Lavrov") == "LAVROV"
    assert match("Antony") == "BLINKEN"  # contained in an alias
    assert match("Russian Federation") == "?russian federation"  # "russia" is not a word here
    assert match("Kyivstar") == "?kyivstar"


def test_matcher_longest_alias_wins_and_first_listed_among_equals():
    actors = [actor("KOR", "KOR", "Korea"), actor("SK", "KOR", "South Korea"),
              actor("X", "XXX", "North Star"), actor("Y", "YYY", "South Star")]  # fmt: skip
    match = actor_matcher(doc([], actors=actors))
    assert match("President of South Korea") == "SK"
    assert match("Korea") == "KOR"
    assert match("Star") == "X"  # contained in two aliases of one length: the first listed


def test_matcher_first_actor_wins_a_shared_alias():
    actors = [actor("A", "AAA", "Commission"), actor("B", "BBB", "Commission")]
    assert actor_matcher(doc([], actors=actors))("the Commission") == "A"


def test_matcher_unmatched_names_stay_distinct():
    match = actor_matcher(doc([]))
    assert match("Acme Corp.") == "?acme corp"
    assert match("Zorg") != match("Blorg")
    assert match("") == "?"


# ----------------------------------------------------------------------- gold keys


def test_gold_keys_per_level_and_optional_less_required():
    gold = doc([
        inter("USA", "RUS"),
        inter("LAVROV", "BLINKEN", "CONSULT", directed=False),
        inter("RUS", "USA", "ACCUSE", optional=True),
        inter("BLINKEN", "USA", "STATEMENT", optional=True),
    ])  # fmt: skip
    required, optional = gold_keys(gold)
    assert required["pair"] == {frozenset(("USA", "RUS")), frozenset(("LAVROV", "BLINKEN"))}
    assert required["directed"] == {("USA", "RUS"), frozenset(("LAVROV", "BLINKEN"))}
    assert required["typed"] == {(frozenset(("USA", "RUS")), "ACCUSE"),
                                 (frozenset(("LAVROV", "BLINKEN")), "CONSULT")}  # fmt: skip
    assert required["country"] == {frozenset(("USA", "RUS"))}
    # the optional accusation has the required pair and type: only its direction is optional
    assert optional["pair"] == {frozenset(("BLINKEN", "USA"))}
    assert optional["directed"] == {("RUS", "USA"), ("BLINKEN", "USA")}
    assert optional["typed"] == {(frozenset(("BLINKEN", "USA")), "STATEMENT")}
    assert optional["country"] == set()  # BLINKEN and USA are one country
    assert set(required) == set(optional) == set(LEVELS)


# --------------------------------------------------------------------------- scoring


def test_perfect_predictions_score_one_at_every_level():
    gold = doc([inter("USA", "RUS"), inter("BLINKEN", "LAVROV", "CONSULT", directed=False)])
    result = score([gold], [pred("Washington", "Moscow"),
                            pred("Lavrov", "Blinken", "CONSULT", directed=False)])  # fmt: skip
    for level in ("pair", "directed", "typed"):
        assert result[level]["f1"] == 1.0, level
    assert counts(result, "country") == (1, 0, 0)  # both pairs are USA-RUS
    assert result["documents"] == 1 and result["predictions"] == 2


def test_reversed_direction_counts_at_pair_and_typed_only():
    result = score([doc([inter("USA", "RUS")])], [pred("Russia", "United States")])
    assert counts(result, "pair") == (1, 0, 0)
    assert counts(result, "typed") == (1, 0, 0)
    assert counts(result, "directed") == (0, 1, 1)


def test_directed_prediction_matches_symmetric_gold_either_way():
    gold = doc([inter("USA", "RUS", "CONSULT", directed=False)])
    for source, target in (("US", "Russia"), ("Russia", "US")):
        result = score([gold], [pred(source, target, "CONSULT", directed=True)])
        assert counts(result, "directed") == (1, 0, 0)


def test_directed_prediction_keeps_its_order_where_gold_has_that_order():
    # gold: a symmetric meeting and a directed accusation of the same pair
    gold = doc([inter("USA", "RUS", "CONSULT", directed=False), inter("USA", "RUS")])
    result = score([gold], [pred("US", "Russia", "ACCUSE")])
    assert counts(result, "directed") == (1, 0, 1)  # the symmetric key is missed
    result = score([gold], [pred("Russia", "US", "ACCUSE")])
    assert counts(result, "directed") == (1, 0, 1)  # read as the symmetric one


def test_symmetric_prediction_misses_directed_gold():
    result = score([doc([inter("USA", "RUS")])], [pred("US", "Russia", directed=False)])
    assert counts(result, "directed") == (0, 1, 1)
    assert counts(result, "pair") == (1, 0, 0)


def test_wrong_type_counts_at_typed_only():
    result = score([doc([inter("USA", "RUS", "ACCUSE")])], [pred("US", "Russia", "THREATEN")])
    assert counts(result, "typed") == (0, 1, 1)
    assert counts(result, "directed") == (1, 0, 0)


def test_optional_gold_is_neither_missed_nor_a_false_positive():
    gold = doc([inter("USA", "RUS"), inter("UKR", "RUS", "REQUEST", optional=True)])
    without = score([gold], [pred("US", "Russia")])
    with_optional = score([gold], [pred("US", "Russia"), pred("Kyiv", "Moscow", "REQUEST")])
    for level in LEVELS:
        assert counts(without, level) == counts(with_optional, level) == (1, 0, 0), level


def test_spurious_and_missed_pairs():
    gold = doc([inter("USA", "RUS"), inter("UKR", "RUS")])
    result = score([gold], [pred("US", "Russia"), pred("Blinken", "Ukraine", "SUPPORT")])
    assert counts(result, "pair") == (1, 1, 1)
    assert result["pair"]["precision"] == result["pair"]["recall"] == 0.5
    assert result["pair"]["f1"] == 0.5


def test_unmatched_names_are_false_positives_and_one_name_is_no_pair():
    gold = doc([inter("USA", "RUS")])
    result = score([gold], [pred("Zorg", "Russia"), pred("Zorg", "Zorg"), pred("Moscow", "Russia")])
    assert counts(result, "pair") == (0, 1, 1)  # only Zorg-Russia is a pair


def test_duplicate_predictions_count_once():
    gold = doc([inter("USA", "RUS")])
    result = score([gold], [pred("US", "Russia")] * 3 + [pred("Zorg", "Russia")] * 2)
    assert counts(result, "pair") == (1, 1, 0)
    assert result["predictions"] == 5


def test_country_level_drops_self_pairs_and_prefers_the_predicted_country():
    gold = doc([inter("BLINKEN", "USA", "STATEMENT"), inter("BLINKEN", "LAVROV")])
    result = score([gold], [pred("Blinken", "Washington", "STATEMENT"), pred("Blinken", "Lavrov")])
    assert counts(result, "country") == (1, 0, 0)  # USA-USA is no country pair
    wrong = pred("Blinken", "Lavrov", source_country="GBR")
    assert counts(score([gold], [wrong]), "country") == (0, 1, 1)
    unknown = pred("Blinken", "Someone Else", target_country="rus")
    assert counts(score([gold], [unknown]), "country") == (1, 0, 0)


def test_micro_average_over_documents_and_unknown_documents():
    gold = [doc([inter("USA", "RUS")], "a"), doc([inter("UKR", "RUS"), inter("USA", "UKR")], "b")]
    preds = [pred("US", "Russia", doc_id="a"), pred("Kyiv", "Moscow", doc_id="b"),
             pred("Lavrov", "Blinken", doc_id="b"), pred("US", "Russia", doc_id="zzz")]  # fmt: skip
    result = score(gold, preds)
    assert counts(result, "pair") == (2, 1, 1)
    assert result["pair"]["precision"] == pytest.approx(2 / 3)
    assert result["pair"]["recall"] == pytest.approx(2 / 3)
    assert result["documents"] == 2 and result["predictions"] == 4
    assert result["predictions_for_unknown_documents"] == 1


def test_document_ids_compare_as_text():
    gold = doc([inter("USA", "RUS")], id_=7)
    assert counts(score([gold], [pred("US", "Russia", doc_id="7")]), "pair") == (1, 0, 0)


def test_no_predictions_and_no_gold_give_zero_not_an_error():
    result = score([doc([])], [])
    assert all(result[level]["f1"] == 0.0 for level in LEVELS)
    assert counts(score([doc([inter("USA", "RUS")])], []), "pair") == (0, 0, 1)


def test_merge_scores_is_the_micro_average_of_all_documents():
    a = [doc([inter("USA", "RUS")], "a")]
    b = [doc([inter("UKR", "RUS"), inter("USA", "UKR")], "b")]
    pa = [pred("US", "Russia", doc_id="a"), pred("Zorg", "Russia", doc_id="a")]
    pb = [pred("Kyiv", "Moscow", doc_id="b")]
    merged = merge_scores([score(a, pa), score(b, pb)])
    whole = score(a + b, pa + pb)
    for level in LEVELS:
        assert merged[level] == pytest.approx(whole[level]), level
    assert merged["documents"] == 2 and merged["predictions"] == 3


def test_assign_predictions_by_file():
    files = {"x": [doc([], "a")], "y": [doc([], "b"), doc([], "c")]}
    preds = [pred("A", "B", doc_id=i) for i in ("a", "c", "c", "q")]
    by_file, unknown = assign_predictions(files, preds)
    assert [p["doc_id"] for p in by_file["x"]] == ["a"]
    assert [p["doc_id"] for p in by_file["y"]] == ["c", "c"]
    assert [p["doc_id"] for p in unknown] == ["q"]


def test_format_table_and_rounded_levels():
    result = score([doc([inter("USA", "RUS"), inter("UKR", "RUS")])], [pred("US", "Russia")])
    table = format_table("demo", result)
    lines = table.splitlines()
    assert lines[0] == "== demo: 1 documents, 1 predictions"
    assert lines[2].split() == ["pair", "1.000", "0.500", "0.667", "1", "0", "1"]
    assert [line.split()[0] for line in lines[2:]] == list(LEVELS)
    rounded = rounded_levels(result)
    assert set(rounded) == set(LEVELS)
    assert rounded["pair"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667,
                               "tp": 1, "fp": 0, "fn": 1}  # fmt: skip


# --------------------------------------------------------------------------- reading


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


GOOD = json.dumps(doc([inter("USA", "RUS")]))


def test_read_gold_reads_documents_and_skips_blank_lines(tmp_path):
    path = write_lines(tmp_path / "g.jsonl", GOOD, "", json.dumps(doc([], "d2")))
    docs = read_gold(path)
    assert [d["id"] for d in docs] == ["d1", "d2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({"id": "x", "actors": [], "interactions": []}), "no 'text'"),
        (json.dumps({**doc([]), "actors": {}}), "'actors' has the wrong type"),
        (json.dumps(doc([inter("USA", "CHN")])), "'CHN', which is not an actor id"),
        (json.dumps(doc([{"source": "USA", "target": "RUS"}])), "has no 'type'"),
        (json.dumps(doc([inter("USA", "USA")])), "same source and target"),
        (json.dumps(doc([{**inter("USA", "RUS"), "directed": "yes"}])), "true or false"),
        (json.dumps(doc([], actors=[{"type": "PERSON"}])), "actor 1 has no id"),
        (json.dumps({**doc([]), "date": 2022}), "'date' must be"),
        (GOOD, "already used on line 1"),
    ],
)
def test_read_gold_names_file_and_line_of_a_bad_document(tmp_path, line, message):
    path = write_lines(tmp_path / "g.jsonl", GOOD, line)
    with pytest.raises(GoldError) as caught:
        read_gold(path)
    assert f"{path}:2:" in str(caught.value)
    assert message in str(caught.value)


def test_gold_errors_are_actorgraph_errors_with_exit_code_2(tmp_path):
    assert issubclass(GoldError, ActorgraphError)
    with pytest.raises(GoldError, match="not found") as caught:
        read_gold(tmp_path / "missing.jsonl")
    assert caught.value.exit_code == 2
    with pytest.raises(GoldError, match="no gold document"):
        read_gold(write_lines(tmp_path / "empty.jsonl", ""))
    (tmp_path / "bin.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(GoldError, match="not UTF-8"):
        read_gold(tmp_path / "bin.jsonl")


def test_read_predictions(tmp_path):
    path = write_lines(tmp_path / "p.jsonl", json.dumps(pred("US", "Russia")), "")
    assert read_predictions(path) == [pred("US", "Russia")]
    bad = write_lines(tmp_path / "bad.jsonl", json.dumps(pred("US", "Russia")), '{"source": "x"}')
    with pytest.raises(InputError, match=rf"{bad}:2: a prediction needs a 'doc_id'"):
        read_predictions(bad)
    with pytest.raises(InputError, match="not found"):
        read_predictions(tmp_path / "none.jsonl")


def test_module_imports_no_spacy():
    code = "import sys, actorgraph.evaluate; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------- agreement with ../shared/eval/score.py


def load_reference():
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _some_name(rng: random.Random, gold_actor: dict) -> str:
    """A name a tool might report for a gold actor: an alias in any case, a part of one,
    a longer phrase around one, or a name nobody annotated."""
    names = [gold_actor["id"], *gold_actor.get("aliases", [])]
    name = rng.choice(names)
    roll = rng.random()
    if roll < 0.15:
        words = name.split()
        start = rng.randrange(len(words))
        name = " ".join(words[start : rng.randint(start + 1, len(words))])
    elif roll < 0.25:
        name = f"{rng.choice(['President', 'the spokesman for', 'Foreign Minister'])} {name}"
    elif roll < 0.32:
        name = rng.choice(["Zorblax Industries", "the Unknown Front", "Jane Doe"])
    elif roll < 0.42:
        name = rng.choice([name.upper(), name.lower(), f"the {name}", f"{name}'s"])
    return name


def perturbed_predictions(gold_docs: list[dict], seed: int) -> list[dict]:
    """Predictions made from the gold itself, with seeded errors of every kind a tool makes."""
    rng = random.Random(seed)
    preds: list[dict] = []
    for d in gold_docs:
        actors = {a["id"]: a for a in d["actors"]}
        out = []
        for it in d["interactions"]:
            if rng.random() < (0.5 if it.get("optional") else 0.2):
                continue  # missed (optional ones half the time)
            source, target = it["source"], it["target"]
            if rng.random() < 0.15:
                source, target = target, source
            directed = it.get("directed", True)
            if rng.random() < 0.15:
                directed = not directed
            etype = it["type"] if rng.random() > 0.15 else rng.choice(PLOVER_TYPES)
            record = {"doc_id": str(d["id"]), "source": _some_name(rng, actors[source]),
                      "target": _some_name(rng, actors[target]), "type": etype,
                      "directed": directed, "status": it.get("status")}  # fmt: skip
            roll = rng.random()
            if roll < 0.3:
                record["source_country"] = actors[source].get("country")
                record["target_country"] = actors[target].get("country")
            elif roll < 0.4:
                record["source_country"] = rng.choice(["FRA", "CHN", None])
            out.append(record)
        ids = list(actors)
        for _ in range(rng.randint(0, 3) if len(ids) > 1 else 0):
            a, b = rng.sample(ids, 2)  # spurious pairs (some may happen to be gold)
            out.append({"doc_id": d["id"], "source": _some_name(rng, actors[a]),
                        "target": _some_name(rng, actors[b]), "type": rng.choice(PLOVER_TYPES),
                        "directed": rng.random() < 0.7})  # fmt: skip
        out += [dict(r) for r in out if rng.random() < 0.1]  # duplicates
        rng.shuffle(out)
        preds += out
    preds.append({"doc_id": "no-such-document", "source": "A", "target": "B", "type": "AID"})
    return preds


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/eval is absent")
@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_shared_score_py(path: Path, seed: int):
    reference = load_reference()
    gold = read_gold(path)
    preds = perturbed_predictions(gold, seed)
    ours, theirs = score(gold, preds), reference.score(gold, preds)
    assert theirs["pair"]["tp"] > 0 and theirs["pair"]["fp"] > 0  # the test has teeth
    for level in LEVELS:
        assert abs(ours[level]["f1"] - theirs[level]["f1"]) <= 0.005, (level, ours, theirs)
        assert abs(ours[level]["precision"] - theirs[level]["precision"]) <= 0.005, level
        assert abs(ours[level]["recall"] - theirs[level]["recall"]) <= 0.005, level


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/eval is absent")
def test_agrees_with_shared_score_py_on_all_files_together():
    reference = load_reference()
    gold = [d for path in GOLD_FILES for d in read_gold(path)]
    preds = perturbed_predictions(gold, 99)
    ours, theirs = score(gold, preds), reference.score(gold, preds)
    for level in LEVELS:
        assert abs(ours[level]["f1"] - theirs[level]["f1"]) <= 0.005, level
