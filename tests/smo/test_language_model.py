"""The language model and the intent cues load with the same contents and a lower peak of memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from bot.smo.language import CANDIDATES, _restricted_identifier

REPO = Path(__file__).resolve().parents[2]
# The engine's parts that pass through a peak while they load: the intent cues (which once
# held every code point at once, ~100 MB) and the language model (whose whole matrix and a
# numpy copy of its automaton were once held together, ~110 MB). Both now stay well under.
PEAK_LIMIT_MB = 135


@pytest.mark.slow
def test_restricted_model_is_py3langids_own() -> None:
    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    own.set_languages(list(CANDIDATES))
    ours = _restricted_identifier(CANDIDATES)
    for name in ("nb_ptc", "nb_pc"):
        theirs, mine = getattr(own, name), getattr(ours, name)
        assert theirs.dtype == mine.dtype
        assert np.array_equal(theirs, mine)
    assert ours.nb_classes == own.nb_classes
    assert ours.tk_nextmove.typecode == own.tk_nextmove.typecode
    assert ours.tk_nextmove == own.tk_nextmove
    assert ours.tk_row == own.tk_row
    assert ours.tk_output == own.tk_output
    assert ours._alias_pairs == own._alias_pairs
    for text in ("Where is my order? Still waiting", "Wo ist meine Bestellung?", "¿Dónde está?"):
        assert ours.classify(text) == own.classify(text)


@pytest.mark.slow
def test_cues_and_language_model_load_under_the_peak_limit() -> None:
    script = textwrap.dedent(
        """
        from pathlib import Path
        from bot.smo.intents import IntentClassifier
        from bot.smo.language import LanguageDetector
        IntentClassifier()
        LanguageDetector()
        # VmHWM, not ru_maxrss: the latter carries over the peak of the process that forked.
        status = Path("/proc/self/status").read_text().splitlines()
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    peak_mb = int(done.stdout.split()[-1]) / 1024
    assert peak_mb < PEAK_LIMIT_MB, f"peak {peak_mb:.0f} MB while loading"
