"""The trainers' weights files: the same arrays give the same bytes, whenever written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from training.archive import save_npz


def test_the_same_arrays_give_the_same_bytes_and_load_back(tmp_path: Path) -> None:
    weights = np.arange(12, dtype=np.float16).reshape(4, 3)
    intercept = np.array([0.5, -1.0])
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    save_npz(first, weights=weights, intercept=intercept)
    save_npz(second, weights=weights, intercept=intercept)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {m.compress_type for m in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    with np.load(first) as saved:
        assert saved["weights"].dtype == np.float16
        assert np.array_equal(saved["weights"], weights)
        assert np.array_equal(saved["intercept"], intercept)
