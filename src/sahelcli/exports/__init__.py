"""Exports of the dataset to other tools' formats.

Every exporter is a pure function of records (and the as-of instant where it matters); files
are written through ``atomic_target`` (sahelcli/atomic.py, shared with the index cache): a
temporary file in the destination folder, moved into place with ``os.replace`` only once
complete, so a failure never leaves a partial file.
"""

from __future__ import annotations

from sahelcli.atomic import (
    atomic_target,
    check_target,
    is_stream,
    real_target,
    write_bytes_atomic,
)

__all__ = ["atomic_target", "check_target", "is_stream", "real_target", "write_bytes_atomic"]
