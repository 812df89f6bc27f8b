"""The learned decision: linear heads, model files, and how a decision becomes a record."""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable

import pytest

from actorgraph.extract.decision import (
    MODEL_FILE,
    DecisionModel,
    LinearHead,
    ModelFileError,
    load_model,
    resolve_extractor_model,
)


def _model(threshold: float = 0.5) -> DecisionModel:
    return DecisionModel(
        interact=LinearHead(("1",), (-1.0,), {"met": (3.0,), "near": (0.5,)}),
        type=LinearHead(
            ("ACCUSE", "CONSULT", "STATEMENT"),
            (0.0, 0.0, 0.1),
            {"met": (0.0, 2.0, 0.0), "blamed": (2.5, 0.0, 0.0)},
        ),
        direction=LinearHead(("back", "fwd", "sym"), (0.0, 0.2, 0.0), {"met": (0.0, 0.0, 2.0)}),
        threshold=threshold,
    )


def test_binary_head_is_a_logistic_of_the_summed_weights() -> None:
    head = LinearHead(("1",), (-1.0,), {"a": (1.0,), "b": (2.0,)})
    assert head.probabilities([]) == [pytest.approx(0.2689, abs=1e-4)]
    assert head.probabilities(["a", "b"]) == [pytest.approx(0.8808, abs=1e-4)]
    assert head.probabilities(["unknown"]) == head.probabilities([])


def test_multiclass_head_is_a_softmax() -> None:
    head = LinearHead(("x", "y"), (0.0, 0.0), {"f": (0.0, 1.0)})
    p = head.probabilities(["f"])
    assert sum(p) == pytest.approx(1.0)
    assert p[1] > p[0]


def test_decide_reads_probability_type_and_direction() -> None:
    decision = _model().decide(["met"])
    assert decision.probability == pytest.approx(0.8808, abs=1e-4)
    assert decision.type == "CONSULT"
    assert decision.direction == "sym"


def test_decide_keeps_to_the_types_the_constructions_gave() -> None:
    model = _model()
    assert model.decide(["met"]).type == "CONSULT"
    # the constructions read STATEMENT or ACCUSE: the likelier of those two wins
    assert model.decide(["met"], ["STATEMENT", "ACCUSE"]).type == "STATEMENT"
    assert model.decide(["met", "blamed"], ["STATEMENT", "ACCUSE"]).type == "ACCUSE"


def test_model_round_trips_through_its_file(tmp_path) -> None:
    model = _model(threshold=0.42)
    path = model.save(tmp_path / "m")
    assert path.name == MODEL_FILE
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)  # plain JSON: no pickle anywhere
    assert data["format"] == "actorgraph-decision-model"
    again = load_model(tmp_path / "m")
    assert again.threshold == 0.42
    for features in (["met"], ["blamed", "near"], []):
        assert again.decide(features) == model.decide(features)


def test_missing_or_broken_model_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(ModelFileError, match="no extractor model"):
        load_model(tmp_path)
    bad = tmp_path / MODEL_FILE
    bad.write_bytes(b"not gzip")
    with pytest.raises(ModelFileError, match="not an actorgraph extractor model"):
        load_model(bad)
    with gzip.open(bad, "wt") as fh:
        fh.write(json.dumps({"format": "something else"}))
    with pytest.raises(ModelFileError):
        load_model(tmp_path)


def test_unknown_event_type_in_a_model_file_is_refused(tmp_path) -> None:
    data = _model().to_json()
    data["heads"]["type"]["classes"][0] = "HUG"
    with gzip.open(tmp_path / MODEL_FILE, "wt") as fh:
        fh.write(json.dumps(data))
    with pytest.raises(ModelFileError, match="HUG"):
        load_model(tmp_path)


def test_extractor_model_names(tmp_path) -> None:
    assert resolve_extractor_model(None) == "default"
    assert resolve_extractor_model("rules") is None
    _model().save(tmp_path)
    assert isinstance(resolve_extractor_model(tmp_path), DecisionModel)
    with pytest.raises(ModelFileError):
        resolve_extractor_model(tmp_path / "nowhere")


def test_shipped_model_loads_and_is_small() -> None:
    from importlib import resources

    from actorgraph.extract.decision import shipped_model

    model = shipped_model()
    assert 0.05 <= model.threshold <= 0.95
    assert {"CONSULT", "ACCUSE", "STATEMENT"} <= set(model.type.classes)
    assert set(model.direction.classes) == {"fwd", "back", "sym"}
    assert "cross_validated" in model.meta
    ref = resources.files("actorgraph").joinpath("data", "extractor", MODEL_FILE)
    assert ref.stat().st_size < 5_000_000 if hasattr(ref, "stat") else True


def test_tone_features_follow_the_words(nlp) -> None:
    from actorgraph.extract.pairs import tone_features

    angry = tone_features("s", nlp("Kenya condemned the brutal attack and the killing."))
    glad = tone_features("s", nlp("Kenya praised the excellent and generous help."))
    flat = tone_features("s", nlp("Kenya said the meeting is on Tuesday."))
    assert "s_valence=very_negative" in angry and "s_negative=3" in angry
    assert "s_valence=very_positive" in glad and "s_positive=3" in glad
    assert "s_valence=neutral" in flat


def test_words_that_name_a_kind_of_interaction_are_features(nlp) -> None:
    from actorgraph.extract.pairs import named_types, sentence_features

    assert named_types(["withdrawal", "attack", "table"]) == ["ACCUSE", "ASSAULT", "RETREAT"]
    assert named_types(["table", "chair"]) == []
    sent = nlp("Diego Cordovez helped negotiate the Soviet withdrawal from Afghanistan.")[:]
    names = [f for f in sentence_features(sent) if f.startswith("sentence_names=")]
    assert names == [f"sentence_names={t}" for t in ("AID", "CONSULT", "RETREAT")]


def _two_kinds_of_documents(features: Callable[[int], list[str]]) -> list[dict]:
    """Twelve one-sentence documents, each with an interaction and a bystander pair: the
    odd ones an ACCUSE read forwards, the even ones a CONSULT read backwards; the
    interaction's features are ``features(d)`` for document ``d``."""
    examples = []
    for d in range(12):
        for k, label in enumerate((1, 0)):
            examples.append(
                {"doc": f"d{d}", "gold": ["a", f"b{k}"], "label": label,
                 "direction": "fwd" if d % 2 else "back",
                 "types": ["ACCUSE" if d % 2 else "CONSULT"] if label else [], "readings": [],
                 "span": [0, 9], "first": {"id": "a"}, "second": {"id": f"b{k}"},
                 "features": features(d) if label else ["bias", "x"]}
            )  # fmt: skip
    return examples


def test_only_the_type_head_reads_tone_and_the_kinds_words_name() -> None:
    from actorgraph import training

    examples = _two_kinds_of_documents(
        lambda d: ["bias", "met", "trigger_valence=negative" if d % 2 else "m",
                   "path_names=ACCUSE" if d % 2 else "n"]
    )  # fmt: skip
    model = training.fit(examples, training.Settings(threshold=0.5))
    assert "met" in model.interact.weights
    assert "trigger_valence=negative" not in model.interact.weights
    assert "path_names=ACCUSE" not in model.interact.weights
    assert {"trigger_valence=negative", "path_names=ACCUSE"} <= set(model.type.weights)
    assert "trigger_valence=negative" not in model.direction.weights
    assert "path_names=ACCUSE" not in model.direction.weights
    assert "m" in model.direction.weights


def test_the_type_and_direction_heads_do_not_read_who_the_actors_are() -> None:
    from actorgraph import training

    examples = _two_kinds_of_documents(
        lambda d: ["bias", f"freq_a={d % 2}", f"kind_type_b=name|{d % 2}", f"w=word{d % 2}",
                   "blamed" if d % 2 else "met"]
    )  # fmt: skip
    model = training.fit(examples, training.Settings(threshold=0.5))
    assert "blamed" in model.type.weights and "met" in model.type.weights
    assert not any(f.startswith(training.NOT_TYPE) for f in model.type.weights)
    assert "blamed" in model.direction.weights
    assert not any(f.startswith(training.NOT_DIRECTION) for f in model.direction.weights)
    # the interact head still reads them
    assert "freq_a=1" in model.interact.weights and "w=word1" in model.interact.weights


def test_interactions_weigh_less_when_the_positive_weight_is_below_one() -> None:
    from actorgraph import training

    rows = [["bias", "met"]] * 6 + [["bias", "x"]] * 6 + [["bias", "met"]] * 2
    labels = ["1"] * 6 + ["0"] * 8
    even = training._fit_head(rows, labels, 1.0, 1, 0)
    light = training._fit_head(rows, labels, 1.0, 1, 0, positive_weight=0.5)
    assert light.probabilities(["bias", "met"])[0] < even.probabilities(["bias", "met"])[0]
    # a multinomial head is fitted as before
    types = ["ACCUSE"] * 7 + ["CONSULT"] * 7
    weighted = training._fit_head(rows, types, 1.0, 1, 0, positive_weight=0.5)
    assert weighted == training._fit_head(rows, types, 1.0, 1, 0)


def test_package_data_patterns_ship_every_data_file() -> None:
    """A wheel (the README's `pip install .`) carries the model and every data file."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["actorgraph"]
    package = root / "src" / "actorgraph"

    def shipped(rel: Path) -> bool:
        for pattern in patterns:
            parts = Path(pattern).parts
            if len(parts) == len(rel.parts) and all(
                fnmatch.fnmatch(a, b) for a, b in zip(rel.parts, parts, strict=True)
            ):
                return True
        return False

    files = [
        p.relative_to(package)
        for folder in ("data", "templates")
        for p in (package / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert Path("data/extractor/model.json.gz") in files
    assert [str(f) for f in files if not shipped(f)] == []


def test_direction_is_the_decisions_even_where_a_construction_read_the_type(nlp) -> None:
    from actorgraph.extract.decision import Decision, oriented, pair_interaction
    from actorgraph.extract.pairs import PairCandidate
    from actorgraph.model import Actor, Document, Interaction

    document = Document(id="d", text="Kenya and Uganda traded blame on Monday.", date="2024-05-06")
    doc = nlp(document.text)
    kenya = Actor("KEN", "Kenya", "COUNTRY", "KEN")
    uganda = Actor("UGA", "Uganda", "COUNTRY", "UGA")
    reading = Interaction(
        doc_id="d", source="Kenya", source_id="KEN", source_country="KEN", target="Uganda",
        target_id="UGA", target_country="UGA", type="ACCUSE", directed=True,
        trigger="blame", status="occurred",
    )  # fmt: skip
    pair = PairCandidate(
        first=kenya, second=uganda, first_token=doc[0], second_token=doc[2],
        sentence=doc[:], readings=(reading,), features=(), trigger=doc[4],
    )  # fmt: skip
    back = pair_interaction(document, pair, Decision(0.9, "ACCUSE", "back"))
    assert (back.source_id, back.target_id, back.source_country) == ("UGA", "KEN", "UGA")
    assert (back.trigger, back.directed, back.confidence) == ("blame", True, 0.9)
    same = pair_interaction(document, pair, Decision(0.8, "ACCUSE", "fwd"))
    assert (same.source_id, same.target_id) == ("KEN", "UGA")
    sym = pair_interaction(document, pair, Decision(0.8, "ACCUSE", "sym"))
    assert not sym.directed and (sym.source_id, sym.target_id) == ("KEN", "UGA")
    # records (as training reads them) and actors are oriented alike
    a, b = {"id": "b", "name": "B"}, {"id": "a", "name": "A"}
    assert oriented(a, b, "fwd") == (a, b)
    assert oriented(a, b, "back") == (b, a)
    assert oriented(a, b, "sym") == (b, a)


def test_statement_goes_where_another_type_fits_the_same_sentence() -> None:
    from actorgraph import training

    # the model decides STATEMENT; a construction read ACCUSE ("told reporters X lied")
    example = {
        "doc": "d",
        "span": [0, 40],
        "first": {"name": "Kenya", "id": "KEN", "type": "COUNTRY", "country": "KEN"},
        "second": {"name": "Uganda", "id": "UGA", "type": "COUNTRY", "country": "UGA"},
        "readings": [
            {"source": "Kenya", "target": "Uganda", "type": "ACCUSE", "directed": True,
             "source_country": "KEN", "target_country": "UGA"},
        ],
        "features": ["met"],
    }  # fmt: skip
    model = _model(threshold=0.5)
    assert model.decide(example["features"], ["ACCUSE", "STATEMENT"]).type == "STATEMENT"
    example["readings"].append({**example["readings"][0], "type": "STATEMENT"})
    assert [r["type"] for r in training.predict_examples(model, [example])] == ["ACCUSE"]
    # STATEMENT alone stays
    example["readings"] = example["readings"][1:]
    assert [r["type"] for r in training.predict_examples(model, [example])] == ["STATEMENT"]


def test_rival_flags_mark_each_actors_likeliest_partner_in_its_sentence() -> None:
    from actorgraph.extract.decision import rival_flags

    # "Iran asked the US, Britain and China": Iran's partners, and the list among itself
    sentences = ["s1"] * 4 + ["s2"]
    actors = [("IRN", "USA"), ("IRN", "GBR"), ("USA", "GBR"), ("GBR", "CHN"), ("USA", "GBR")]
    scores = [2.0, 1.5, -1.0, 0.5, -3.0]
    flags = rival_flags(sentences, actors, scores)
    assert flags[0] == ("first_best", "second_best", "both_best")
    assert flags[1] == ("second_best",)  # Iran has a likelier partner, Britain none
    assert flags[2] == ()  # the US and Britain both have likelier partners
    assert flags[3] == ("second_best",)
    assert flags[4] == ("first_best", "second_best", "both_best", "alone")  # another sentence


def test_sentence_head_reads_a_pair_beside_its_rivals(tmp_path) -> None:
    from actorgraph.extract.decision import SentenceHead

    flags = LinearHead(("1",), (-0.5,), {"both_best": (1.5,)})
    model = DecisionModel(
        **{k: getattr(_model(), k) for k in ("interact", "type", "direction", "threshold")},
        sentence=SentenceHead(2.0, flags),
    )
    features = [["met"], ["met"], ["near"]]
    ps = model.probabilities(features, ["s"] * 3, [("a", "b"), ("a", "c"), ("d", "e")])
    # (a, b) and (a, c) tie as a's likeliest partner, so both are "best"; (d, e) scores
    # lower but has no rival in the sentence
    assert ps[0] == ps[1] == pytest.approx(1 / (1 + math.exp(-(2.0 * 2.0 - 0.5 + 1.5))))
    assert ps[2] == pytest.approx(1 / (1 + math.exp(-(2.0 * -0.5 - 0.5 + 1.5))))
    # without a sentence head, the interact head's probability
    plain = _model().probabilities(features, ["s"] * 3, [("a", "b"), ("a", "c"), ("d", "e")])
    assert plain[0] == pytest.approx(_model().decide(["met"]).probability)
    # the head survives its file; a file without one (older models) still loads
    model.save(tmp_path / "m")
    assert load_model(tmp_path / "m").sentence == model.sentence
    _model().save(tmp_path / "old")
    assert load_model(tmp_path / "old").sentence is None


def test_training_fits_a_sentence_head_on_held_out_scores() -> None:
    from actorgraph import training

    examples = []
    for d in range(12):
        # one sentence per document: the agent and its target, and a bystander
        for first, second, label, feature in (("a", "b", 1, "met"), ("a", "c", 0, "near")):
            examples.append(
                {"doc": f"d{d}", "gold": [first, second], "label": label, "span": [0, 9],
                 "direction": "fwd" if label else None, "types": ["CONSULT"] if label else [],
                 "readings": [], "features": ["bias", feature],
                 "first": {"id": first, "name": first, "country": None},
                 "second": {"id": second, "name": second, "country": None}}
            )  # fmt: skip
    model = training.fit(examples)
    assert model.sentence is not None and model.sentence.scale > 0
    assert training.fit(examples, training.Settings(sentence_head=False)).sentence is None
    preds = training.predict_examples(model, examples)
    assert {(p["source"], p["target"]) for p in preds} == {("a", "b")}
