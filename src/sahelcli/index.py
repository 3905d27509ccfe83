"""Loading with the compiled cache. (Until the SQLite index lands, a plain load.)"""

from __future__ import annotations

from pathlib import Path

from sahelcli.model import Dataset


def load_with_cache(path: Path, *, use_cache: bool = True) -> Dataset:
    from sahelcli.validate import load_dataset

    return load_dataset(path)
