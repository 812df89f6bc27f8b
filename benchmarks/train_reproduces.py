"""Does `actorgraph train` on ../shared reproduce the shipped model's cross-validated figures?

usage: python benchmarks/train_reproduces.py [--shared DIR]

Trains a model on ../shared/eval and ../shared/train (the shipped model's data, same
command and defaults) into a temporary folder, and prints its cross-validated F1 per
level beside the figures stored in the shipped model, with the largest difference.
Exit 1 when a level differs by more than 0.01.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from actorgraph.extract.decision import load_model, shipped_model

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from accuracy import GOLD_FILES  # noqa: E402

LEVELS = ("pair", "directed", "typed", "country")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    args = ap.parse_args(argv)
    files = [str(args.shared / name) for name in GOLD_FILES]
    shipped = shipped_model().meta["cross_validated"]["overall"]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["actorgraph", "train", *files, "--out", tmp, "--json"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        again = load_model(tmp).meta["cross_validated"]["overall"]
    worst = 0.0
    print(f"{'level':<10}{'shipped':>9}{'retrained':>11}{'diff':>8}")
    for lv in LEVELS:
        a, b = shipped[lv]["f1"], again[lv]["f1"]
        worst = max(worst, abs(a - b))
        print(f"{lv:<10}{a:>9.4f}{b:>11.4f}{b - a:>+8.4f}")
    print(f"largest difference: {worst:.4f} (bound 0.01)")
    return 0 if worst <= 0.01 else 1


if __name__ == "__main__":
    sys.exit(main())
