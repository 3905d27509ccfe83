from pathlib import Path

from conftest import Invoke


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("sahel ")


def test_timeline_mini(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "timeline")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "date\ttitle\tactors\ttags"
    assert lines[1].startswith("2023-07-26\tGuard detains the president")
