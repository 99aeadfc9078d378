"""A damaged ``ting.db`` is noticed at start, kept aside and reported, never written to."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from ting.errors import StoreError


def check_integrity(connection: sqlite3.Connection, database_path: Path) -> None:
    """``PRAGMA quick_check`` before anything writes: a damaged file is copied aside and reported,
    not used (a write to a damaged database can make it worse)."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    if problems == ["ok"]:
        return
    kept = database_path.with_name(f"{database_path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database_path}{suffix}")
        if source.exists():
            shutil.copy2(source, f"{kept}{suffix}")
    raise StoreError(
        f"the store {database_path} is damaged (SQLite quick_check: {'; '.join(problems[:3])}). "
        f"A copy is kept at {kept}. Restore a backup, or move {database_path} away to start "
        "with an empty store (alarms, outbox and skill data are in it)."
    )
