"""Intent figures on our labelled customer-service tweets, through the engine, before and after
the intent reader.

Usage: python -m training.eval_intents [DATA] [--intents FOLDER]

Out of fold (``train`` and ``dev``): for each of five folds the reader is refitted without that
fold (same C and thresholds as the one in FOLDER) and the engine reads the fold's tweets.
``holdout`` (never fitted, never used to choose anything): the reader in FOLDER reads it.
Cues only: the engine without an intent reader.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from bot.smo.readers.intents import IntentReader
from tests.smo.twcs_figures import Read, figures, load_labels, read_all
from training import train_intents
from training.train_readers import compounds, matrix


def held_out(data: Path, folder: Path) -> dict[str, Read]:
    """Each fitted tweet read by a reader that did not fit it."""
    card = json.loads((folder / "intents.json").read_text(encoding="utf-8"))
    items = train_intents.labelled(data)
    x = matrix(items.texts, compounds(items.texts))
    reads: dict[str, Read] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(train_intents.FOLDS):
            held = items.folds == fold
            models = train_intents.fit(x[~held], items.gold[~held], float(card["recipe"]["C"]))
            out = Path(tmp) / f"fold{fold}"
            train_intents.export(models, card["thresholds"], out, {"left_out_fold": fold})
            found = read_all(data, out)
            reads.update({i: found[i] for i in np.array(items.ids)[held].tolist()})
            print(f"fold {fold + 1}/{train_intents.FOLDS} read", file=sys.stderr, flush=True)
    return reads


def shown(found: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" if k != "n" else f"n {v:.0f}" for k, v in found.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    parser.add_argument("--intents", type=Path, default=train_intents.DEFAULT_OUT)
    args = parser.parse_args(argv)
    if IntentReader.load(args.intents) is None:
        print(f"no intent reader in {args.intents}: fitting one", file=sys.stderr)
        train_intents.train(args.data, args.intents)
    labels = load_labels()
    before = read_all(args.data, None)
    oof = held_out(args.data, args.intents)
    after = read_all(args.data, args.intents)
    for split, reads in (("train", oof), ("dev", oof), ("holdout", after)):
        chosen = [lab for lab in labels if lab.split == split]
        kind = "held out (5-fold)" if split != "holdout" else "never fitted"
        print(f"{split} cues only:             {shown(figures(chosen, before))}")
        print(f"{split} cues + reader, {kind}: {shown(figures(chosen, reads))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
