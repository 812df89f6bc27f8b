"""Training the decision model: labels from gold, folds, thresholds, fitting (no spaCy)."""

from __future__ import annotations

import pytest

from actorgraph import training
from actorgraph.training import Settings, TrainingError


def _gold() -> dict:
    text = "Putin met Macron in Paris. Macron praised Merkel. Merkel left."
    return {
        "id": "d1",
        "text": text,
        "actors": [
            {"id": "Putin", "type": "PERSON", "country": "RUS", "aliases": ["Vladimir Putin"]},
            {"id": "Macron", "type": "PERSON", "country": "FRA", "aliases": ["Emmanuel Macron"]},
            {"id": "Merkel", "type": "PERSON", "country": "DEU", "aliases": ["Angela Merkel"]},
        ],
        "interactions": [
            {"source": "Putin", "target": "Macron", "type": "CONSULT", "directed": False,
             "evidence": "Putin met Macron in Paris."},
            {"source": "Macron", "target": "Merkel", "type": "SUPPORT", "directed": True,
             "evidence": "Macron praised Merkel."},
        ],
    }  # fmt: skip


def _example(first: str, second: str, span: tuple[int, int], features=("bias",)) -> dict:
    return {
        "doc": "d1",
        "span": list(span),
        "first": {"name": first, "id": first, "type": "PERSON", "country": None},
        "second": {"name": second, "id": second, "type": "PERSON", "country": None},
        "readings": [],
        "features": list(features),
    }


def test_labels_come_from_the_gold_sentence() -> None:
    gold = _gold()
    met = _example("Vladimir Putin", "Macron", (0, 26))
    praised = _example("Merkel", "Emmanuel Macron", (27, 49))
    elsewhere = _example("Putin", "Macron", (27, 49))
    stranger = _example("Putin", "Xi Jinping", (0, 26))
    training.label_pairs(gold, [met, praised, elsewhere, stranger])
    assert (met["label"], met["types"], met["direction"]) == (1, ["CONSULT"], "sym")
    # the gold source comes second in the sentence order: "back"
    assert (praised["label"], praised["types"], praised["direction"]) == (1, ["SUPPORT"], "back")
    assert elsewhere["label"] is None  # a gold pair, stated in another sentence
    assert stranger["label"] == 0  # an actor the gold does not know


def test_evidence_given_as_key_words_labels_the_sentence_that_holds_them() -> None:
    # PLOVER-style gold: the evidence is the key words, not a quote of the text
    gold = _gold()
    gold["interactions"][0]["evidence"] = "met Macron Paris"
    gold["interactions"][1]["evidence"] = "Macron  praised\nMerkel."  # other spacing
    met = _example("Putin", "Macron", (0, 26))
    praised = _example("Macron", "Merkel", (27, 49))
    elsewhere = _example("Putin", "Macron", (27, 49))  # lacks "met" and "Paris"
    training.label_pairs(gold, [met, praised, elsewhere])
    assert (met["label"], met["types"]) == (1, ["CONSULT"])
    assert (praised["label"], praised["types"]) == (1, ["SUPPORT"])
    assert elsewhere["label"] is None


def test_folds_split_documents_evenly_and_repeatably() -> None:
    ids = [f"d{i}" for i in range(23)]
    parts = training.split_documents(ids, 5, seed=3)
    assert parts == training.split_documents(list(reversed(ids)), 5, seed=3)
    assert sorted(len(p) for p in parts) == [4, 4, 5, 5, 5]
    assert set().union(*parts) == set(ids)
    assert sum(len(p) for p in parts) == len(ids)
    assert parts != training.split_documents(ids, 5, seed=4)


def _separable(n_docs: int = 30) -> list[dict]:
    examples = []
    for d in range(n_docs):
        for k in range(4):
            interacts = k % 2 == 0
            ex = _example(f"a{k}", f"b{k}", (0, 10), ["bias", "met" if interacts else "near"])
            ex.update(doc=f"d{d}", gold=[f"A{k}", f"B{k}"], label=int(interacts),
                      types=["CONSULT"] if interacts else [],
                      direction="sym" if interacts else None)  # fmt: skip
            examples.append(ex)
    # a second type, so the type head has two classes
    for ex in examples[:20]:
        if ex["label"] == 1:
            ex["features"].append("blamed")
            ex["types"] = ["ACCUSE"]
            ex["direction"] = "fwd"
    return examples


def test_fit_learns_a_feature_that_separates() -> None:
    model = training.fit(_separable(), Settings(threshold=0.5, c_interact=10.0, c_type=10.0))
    assert model.decide(["bias", "met"]).probability > 0.7
    assert model.decide(["bias", "near"]).probability < 0.3
    assert model.decide(["bias", "met", "blamed"]).type == "ACCUSE"
    assert model.decide(["bias", "met"]).type == "CONSULT"


def test_threshold_is_chosen_on_held_out_documents() -> None:
    model = training.fit(_separable(), Settings())
    assert 0.05 <= model.threshold <= 0.95
    preds = training.predict_examples(model, _separable())
    assert preds and all(p["type"] in ("CONSULT", "ACCUSE") for p in preds)


def test_a_given_threshold_is_kept_even_at_zero() -> None:
    assert training.fit(_separable(), Settings(threshold=0.0)).threshold == 0.0
    assert training.fit(_separable(), Settings(threshold=0.7, sentence_head=False)).sentence is None


def test_best_cut_maximises_pair_f1() -> None:
    def ex(doc: str, label: int) -> dict:
        return {"doc": doc, "gold": [doc, "x"], "label": label}

    scored = [(0.9, ex("a", 1)), (0.8, ex("b", 1)), (0.6, ex("c", 0)), (0.3, ex("d", 1)),
              (0.1, ex("e", 0))]  # fmt: skip
    # 0.7 keeps two right of three; below 0.2 keeps all three right but two wrong
    cut = training._best_cut(scored)
    assert 0.6 < cut < 0.8 or 0.1 < cut < 0.3


def test_a_cut_weighing_types_drops_pairs_whose_type_is_wrong() -> None:
    def ex(doc: str, label: int, gold: list[str], held: list[str]) -> dict:
        return {"doc": doc, "gold": [doc, "x"], "label": label, "types": gold,
                "held_types": held}  # fmt: skip

    # the two least likely pairs interact, but the type head gets their types wrong
    wrong = ["SUPPORT", "REQUEST"]
    scored = [(0.9, ex("a", 1, ["ACCUSE"], ["ACCUSE"])), (0.8, ex("b", 1, ["AID"], ["AID"])),
              (0.5, ex("c", 0, [], ["AID"])), (0.4, ex("d", 1, ["ACCUSE"], wrong)),
              (0.3, ex("e", 1, ["AID"], wrong))]  # fmt: skip
    # pair F1 alone takes all five (4 of 4 pairs, 1 wrong: F1 0.89; the top two: 0.67)
    assert training._best_cut(scored, ("pair",)) < 0.3
    # with the types, the top two only: mean of pair 0.67 and typed 0.67, against 0.89
    # and 0.36 for all five
    assert 0.5 < training._best_cut(scored, ("pair", "typed")) < 0.8


def test_the_typed_cut_reads_held_out_types(monkeypatch) -> None:
    # the inner folds give every example the types a type head fitted without it gives
    examples = _separable()
    held = training._held_out_scores(examples, Settings(cut_levels=("pair", "typed")))
    assert held and all("held_types" in ex for _, ex in held)
    assert all("held_types" not in ex for ex in examples)  # copies: the examples stay
    plain = training._held_out_scores(examples, Settings(cut_levels=("pair",)))
    assert all("held_types" not in ex for _, ex in plain)


def test_resampled_cut_is_the_mean_of_the_resamples_best_cuts() -> None:
    def ex(doc: str, label: int) -> dict:
        return {"doc": doc, "gold": [doc, "x"], "label": label}

    # interactions score high, non-interactions low, with one of each out of line
    scored = [(0.9 - i / 100, ex(f"p{i}", 1)) for i in range(20)]
    scored += [(0.1 + i / 100, ex(f"n{i}", 0)) for i in range(20)]
    scored += [(0.75, ex("loud", 0)), (0.2, ex("quiet", 1))]
    once = training._best_cut(scored)
    cut = training._resampled_cut(scored, 25, seed=0)
    assert cut == training._resampled_cut(scored, 25, seed=0)  # repeatable
    assert 0.3 < cut < 0.75 and cut != once  # between the classes, and not the one cut
    # one resample of everything is a resample, not the data: a document drawn twice
    # counts twice, so the cuts differ from seed to seed
    assert len({training._resampled_cut(scored, 1, seed=s) for s in range(8)}) > 1


def test_fit_takes_the_resampled_cut_unless_told_not_to(monkeypatch) -> None:
    calls = []

    def resampled(scored, resamples, seed, levels):
        calls.append((resamples, seed))
        return 0.4242

    monkeypatch.setattr(training, "_resampled_cut", resampled)
    assert training.fit(_separable(), Settings(seed=3)).threshold == 0.4242
    assert calls == [(training.THRESHOLD_RESAMPLES, 3)]
    assert training.fit(_separable(), Settings(threshold_resamples=0)).threshold != 0.4242
    assert len(calls) == 1


def test_nothing_to_learn_is_a_training_error() -> None:
    examples = [dict(ex, label=0, types=[], direction=None, gold=["a", "b"])
                for ex in [_example("a", "b", (0, 5))]]  # fmt: skip
    with pytest.raises(TrainingError):
        training.fit(examples)
