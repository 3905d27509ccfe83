import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("sahel ")


def test_timeline_mini(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "timeline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "date\ttitle\tactors\ttags\tid"
    assert lines[1].startswith("2023-07-26\tGuard detains the president")


def test_console_script_runs_without_the_cyclic_gc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry point switches the collector off before importing the CLI (start-up cost)."""
    import gc
    from importlib.metadata import entry_points

    import sahelcli.cli
    from sahelcli import __main__ as entry

    (script,) = entry_points(group="console_scripts", name="sahel")
    assert script.value == "sahelcli.__main__:main"
    seen: list[bool] = []
    monkeypatch.setattr(sahelcli.cli, "main", lambda: seen.append(gc.isenabled()))
    try:
        entry.main()
    finally:
        gc.enable()
    assert seen == [False]


def test_python_dash_m_runs_the_cli(mini: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sahelcli", "--data", str(mini), "timeline"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("date\ttitle\tactors\ttags\tid\n")
