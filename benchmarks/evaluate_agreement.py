"""Check that `actorgraph evaluate` scores as ../shared/eval/score.py does, on every gold file.

usage: python benchmarks/evaluate_agreement.py [GOLD.jsonl ...] [--eval DIR] [--model NAME]
                       [--parse MODE] [--extractor-model DIR] [--tolerance 0.005]

By default the gold files are those of the eval folder. Runs the extractor over each gold
file's texts once, scores the same predictions with
actorgraph.evaluate and with the eval folder's score.py, and prints both F1 figures and
their difference per file and level. Exits 1 when a difference exceeds the tolerance.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from actorgraph.evaluate import LEVELS, merge_scores, predict_gold, read_gold, score
from actorgraph.nlp import load_pipeline

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"


def load_reference(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("shared_score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold", nargs="*", type=Path, help="gold files (default: DIR/*.jsonl)")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder with score.py and gold")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default en_core_web_sm)")
    ap.add_argument("--parse", choices=("selective", "full"), default="selective")
    ap.add_argument("--extractor-model", type=Path, default=None)
    ap.add_argument("--tolerance", type=float, default=0.005)
    args = ap.parse_args(argv)
    if not (args.eval / "score.py").exists():
        print(f"no score.py in {args.eval}", file=sys.stderr)
        return 2
    reference = load_reference(args.eval)
    nlp = load_pipeline(args.model)
    worst = 0.0
    ours_all, all_gold, all_preds = [], [], []
    print(f"{'file':<20}{'level':<10}{'ours':>8}{'score.py':>10}{'diff':>8}")
    for path in args.gold or sorted(args.eval.glob("*.jsonl")):
        gold = read_gold(path)
        preds = predict_gold(gold, nlp, parse=args.parse, extractor_model=args.extractor_model)
        ours, theirs = score(gold, preds), reference.score(gold, preds)
        ours_all.append(ours)
        all_gold += gold
        all_preds += preds
        for level in LEVELS:
            diff = abs(ours[level]["f1"] - theirs[level]["f1"])
            worst = max(worst, diff)
            print(
                f"{path.name:<20}{level:<10}{ours[level]['f1']:>8.4f}"
                f"{theirs[level]['f1']:>10.4f}{diff:>8.4f}"
            )
    # score.py sees one corpus; ours merges the per-file results (the CLI's "overall").
    ours, theirs = merge_scores(ours_all), reference.score(all_gold, all_preds)
    for level in LEVELS:
        diff = abs(ours[level]["f1"] - theirs[level]["f1"])
        worst = max(worst, diff)
        print(f"{'overall':<20}{level:<10}{ours[level]['f1']:>8.4f}{theirs[level]['f1']:>10.4f}"
              f"{diff:>8.4f}")  # fmt: skip
    verdict = "agree" if worst <= args.tolerance else "DISAGREE"
    print(f"largest F1 difference {worst:.4f} (tolerance {args.tolerance}): {verdict}")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
