"""Which files a dataset path stands for (no YAML needed: the index cache uses this too)."""

from __future__ import annotations

from pathlib import Path

from sahelcli.errors import DataIOError, Problem


def dataset_files(path: Path) -> list[Path]:
    """The YAML files a dataset path stands for: the file itself, or a folder's ``*.yaml``."""
    if not path.exists():
        raise DataIOError(
            [Problem(str(path), "", "no such file or folder", "check --data / SAHEL_DATA")]
        )
    if not path.is_dir() and not path.is_file():
        raise DataIOError(
            [
                Problem(
                    str(path),
                    "",
                    "not a regular file (a device, a pipe or a socket)",
                    "save the dataset to a file and point --data at it",
                )
            ]
        )
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise DataIOError(
                [Problem(str(path), "", "folder holds no *.yaml files", "point --data at a file")]
            )
        return files
    return [path]


def display_name(path: Path) -> str:
    """A path as the user gave it (a folder's files as folder/name)."""
    return str(path)
