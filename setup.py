"""Ship the canonical dataset (data/events.yaml at the repository root) inside the wheel.

The dataset lives at the root so that editors and reviewers find it; the build copies it
into the package as ``sahelcli/data/events.yaml``.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithDataset(build_py):
    def run(self) -> None:
        super().run()
        source = ROOT / "data" / "events.yaml"
        target = Path(self.build_lib) / "sahelcli" / "data" / "events.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildWithDataset})
