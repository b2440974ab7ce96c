"""Deterministic ``.npz`` files: the same arrays always give the same bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

__all__ = ["save_npz"]

# numpy's own ``savez_compressed`` stamps each member with the time of writing, so two builds
# of one model differ in the archive's header; a fixed stamp makes a rebuild byte-identical.
_STAMP = (1980, 1, 1, 0, 0, 0)


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path`` as ``np.savez_compressed`` would, without the time."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            member = zipfile.ZipInfo(f"{name}.npy", date_time=_STAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(member, "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, np.asanyarray(array), allow_pickle=False)
