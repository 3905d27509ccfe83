"""Time whole `sahel` processes against the framework floor and a bare YAML load.

    .venv/bin/python benchmarks/run.py [--sizes 1k,10k,100k] [--runs N] [--quick]

Every case is a separate process started from this interpreter's folder (the venv: its
``python`` and its ``sahel`` console script, never a shim on PATH). Each timed run records the
wall time from spawn to exit and the child's peak RSS (``os.wait4``; ``ru_maxrss`` is KiB on
Linux). Cases of one group run round-robin (run 1 of every case, then run 2, ...) so that
drift in machine load spreads evenly; ratios are medians divided by medians from the same run.
See benchmarks/README.md for what each case means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import pty
import select
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sizes import parse_size, size_label  # benchmarks/ is the script's own folder

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SEED = 20230726  # DEFAULT_SEED (not imported: see Dataset)

FLOOR_CODE = "import typer, rich.console, rich.table, yaml"
BARE_LOAD_CODE = "import gc,yaml; gc.disable(); yaml.load(open({path!r}), Loader=yaml.CSafeLoader)"
TTY_COLUMNS, TTY_LINES = 120, 40
#: Variables that would change how sahel or Rich decide on colour, width or data.
SCRUBBED_ENV = (
    "FORCE_COLOR",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "TERMINAL_WIDTH",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "SAHEL_DATA",
    "SAHEL_NO_CACHE",
    "SAHEL_DEBUG",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONTRACEMALLOC",
    "PYTHONDEVMODE",
    # A user's install keeps compiled bytecode; with this set, every run would recompile
    # every module it imports and the ratios would measure the compiler.
    "PYTHONDONTWRITEBYTECODE",
    # The terminal case measures drawing, not a pager waiting for a key.
    "SAHEL_PAGER",
    "PAGER",
)
BUNDLED_COMMANDS: list[tuple[str, list[str]]] = [
    ("timeline", ["timeline"]),
    ("actors", ["actors"]),
    ("actor ecowas", ["actor", "ecowas"]),
    ("claims", ["claims"]),
    ("deadlines", ["deadlines"]),
    ("deadline ecowas", ["deadline", "ecowas"]),
    ("search coup", ["search", "coup"]),
    ("brief", ["brief"]),
    ("validate", ["validate"]),
]


# ---------------------------------------------------------------------------------------------
# Datasets: made and described by generate.py in a child process.
#
# Children report at least this process's resident memory as their peak (see reset_peak_rss),
# so this process stays small: it does not import generate.py (hashlib and OpenSSL alone add
# 4 MB) and never holds a dataset.


@dataclass(frozen=True)
class Dataset:
    path: Path
    events: int
    sha256: str
    size_bytes: int
    info: dict[str, object]  # generate.py's sidecar: counts, query actor, search word, ...

    @property
    def label(self) -> str:
        return size_label(self.events)


def ensure_datasets(bin_dir: Path, sizes: Sequence[int], seed: int) -> list[Dataset]:
    """Generate (or take from benchmarks/_data) and validate each size; exit on failure."""
    command = [str(bin_dir / "python"), str(HERE / "generate.py"), "--json", "--validate"]
    command += ["--seed", str(seed), *(size_label(n) for n in sizes)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit("run.py: generating or validating the datasets failed (see above)")
    out = []
    for line in done.stdout.splitlines():
        info = json.loads(line)
        out.append(Dataset(Path(info["path"]), info["events"], info["sha256"], info["bytes"], info))
    return out


# ---------------------------------------------------------------------------------------------
# Running one process


@dataclass(frozen=True)
class Sample:
    seconds: float
    rss_kib: int
    exit_code: int
    out_bytes: int
    stderr: str


def scrubbed_env(cache_home: Path, *, tty: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["XDG_CACHE_HOME"] = str(cache_home)
    if tty:
        env["COLUMNS"] = str(TTY_COLUMNS)
        env["SAHEL_PAGER"] = "cat"  # the default view fits the screen; never wait on a key
        env["LINES"] = str(TTY_LINES)
        env.setdefault("TERM", "xterm-256color")
    return env


def reset_peak_rss() -> None:
    """Reset this process's peak RSS to its current RSS (Linux >= 4.0; best effort).

    Popen starts children with vfork, and Linux carries the parent's peak RSS into the child's
    ``ru_maxrss`` at exec: without this, every child would report at least our own peak.
    """
    try:
        with open("/proc/self/clear_refs", "w") as stream:
            stream.write("5")
    except OSError:
        pass


def measure_rss_floor() -> float:
    """Peak RSS (MB) reported for a trivial child: below it, numbers mean nothing."""
    true = shutil.which("true") or "/bin/true"
    reset_peak_rss()
    proc = subprocess.Popen([true])
    return _reap(proc)[1] / 1024


def _reap(proc: subprocess.Popen[bytes]) -> tuple[int, int]:
    """Wait for ``proc`` with wait4: (exit code, peak RSS in KiB)."""
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # Popen must not wait for it again
    return code, usage.ru_maxrss


def run_once(argv: Sequence[str], env: dict[str, str], *, tty: bool) -> Sample:
    """Run ``argv`` once, stdout to a file (or a pseudo-terminal when ``tty``)."""
    reset_peak_rss()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        if not tty:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
            code, rss = _reap(proc)
            seconds = time.perf_counter() - start
            out_bytes = out.seek(0, os.SEEK_END)
        else:
            master, slave = pty.openpty()
            fcntl.ioctl(
                slave, termios.TIOCSWINSZ, struct.pack("HHHH", TTY_LINES, TTY_COLUMNS, 0, 0)
            )
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=err, env=env
            )
            os.close(slave)
            out_bytes = _drain(master)
            code, rss = _reap(proc)
            seconds = time.perf_counter() - start
            os.close(master)
        err.seek(0)
        stderr = err.read()[-2000:].decode("utf-8", "replace")
    return Sample(seconds, rss, code, out_bytes, stderr)


def _drain(master: int) -> int:
    """Read the terminal's output until the child closes it; the number of bytes read."""
    total = 0
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer of the terminal has exited
            return total
        if not chunk:
            return total
        total += len(chunk)


# ---------------------------------------------------------------------------------------------
# Cases and results


@dataclass
class Case:
    key: str  # unique, e.g. "bundled:timeline"
    group: str  # "bundled", "1k", ...
    label: str  # as shown in the table
    argv: list[str]
    cache: str  # "shared" (one warm cache dir), "cold" (fresh dir each run), "none"
    tty: bool = False
    warmup: bool = True
    samples: list[Sample] = field(default_factory=list)

    @property
    def counted(self) -> list[Sample]:
        """The runs the statistics use: those that exited 0 (all of them if none did)."""
        ok = [s for s in self.samples if s.exit_code == 0]
        return ok or self.samples

    @property
    def times(self) -> list[float]:
        return [s.seconds for s in self.counted]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(s.rss_kib for s in self.counted) / 1024

    @property
    def failures(self) -> list[Sample]:
        return [s for s in self.samples if s.exit_code != 0]


@dataclass(frozen=True)
class Target:
    case: str
    against: str  # case key the ratio divides by
    max_ratio: float
    max_mb: float | None = None

    def text(self, against_label: str) -> str:
        limit = f"≤ {self.max_ratio:.1f}× {against_label}"
        return limit + (f", ≤ {self.max_mb:g} MB" if self.max_mb else "")


def targets_for(sizes: Sequence[int]) -> list[Target]:
    out = [
        Target("bundled:timeline", "floor", 1.0),
        Target("bundled:timeline-tty", "floor", 1.3),
    ]
    if 100_000 in sizes:
        out.append(Target("100k:first", "100k:bare", 1.3))
        out += [
            Target(f"100k:{q}", "floor", 3.0, 150) for q in ("q-timeline", "q-search", "q-actor")
        ]
        out.append(Target("100k:q-wide", "floor", 2.5, 150))
    return out


#: The index may take at most this many times the dataset file's size (at 100k events).
MAX_INDEX_RATIO = 1.5


def bundled_cases(bin_dir: Path) -> list[Case]:
    python, sahel = str(bin_dir / "python"), str(bin_dir / "sahel")
    cases = [
        Case(
            "floor",
            "bundled",
            "framework floor (python -c import ...)",
            [python, "-c", FLOOR_CODE],
            "none",
        )
    ]
    for name, args in BUNDLED_COMMANDS:
        key = name.replace(" ", "-")
        cases.append(
            Case(f"bundled:{key}", "bundled", f"sahel {name}  > file", [sahel, *args], "shared")
        )
    cases.append(
        Case(
            "bundled:timeline-tty",
            "bundled",
            f"sahel timeline  (table on a {TTY_COLUMNS}-col terminal)",
            [sahel, "timeline"],
            "shared",
            tty=True,
        )
    )
    return cases


#: Writes a copy of a generated dataset with " & " in its first event title (issue 16: an "&"
#: inside a scalar once switched off the sliced loader and refused big files as alias bombs).
AMPERSAND_CODE = (
    "import sys; text = open(sys.argv[1], encoding='utf-8').read(); "
    "text = text.replace('\\n    title: ', '\\n    title: Trade & Industry ministry: ', 1)"
    ".replace('ministry: ', 'ministry, ', 1); "
    "open(sys.argv[2], 'w', encoding='utf-8').write(text)"
)


def ampersand_variant(bin_dir: Path, made: Dataset) -> Path:
    """The dataset with one title containing " & " (made in a child: the runner stays small)."""
    target = made.path.with_name(made.path.stem + "-ampersand.yaml")
    if not target.exists() or target.stat().st_mtime < made.path.stat().st_mtime:
        subprocess.run(
            [str(bin_dir / "python"), "-c", AMPERSAND_CODE, str(made.path), str(target)],
            check=True,
        )
    return target


def size_cases(bin_dir: Path, made: Dataset) -> list[Case]:
    python, sahel = str(bin_dir / "python"), str(bin_dir / "sahel")
    label = made.label
    path = str(made.path)
    info = made.info
    actor, text = str(info["actor"]), str(info["search"])
    window = ["--since", str(info["since"]), "--until", str(info["until"])]
    base = [sahel, "--data", path]
    load = [python, "-c", BARE_LOAD_CODE.format(path=path)]
    query = ["timeline", "--actor", actor, *window]
    wide = ["timeline", "--actor", str(info["wide_actor"])]
    wide += ["--since", str(info["wide_since"]), "--until", str(info["wide_until"])]
    shown = f"timeline --actor A {' '.join(window)}"
    return [
        Case(f"{label}:bare", label, "bare C-loader load (reference)", load, "none", warmup=False),
        Case(
            f"{label}:first",
            label,
            "first query, cold cache: timeline --limit 5",
            [*base, "timeline", "--limit", "5"],
            "cold",
            warmup=False,
        ),
        Case(f"{label}:q-timeline", label, f"repeated: {shown}", [*base, *query], "shared"),
        Case(
            f"{label}:q-search",
            label,
            "repeated: search W",
            [*base, "search", text],
            "shared",
        ),
        Case(f"{label}:q-actor", label, "repeated: actor A", [*base, "actor", actor], "shared"),
        Case(
            f"{label}:q-wide",
            label,
            f"repeated, output-heavy: timeline --actor B {' '.join(wide[3:])}",
            [*base, *wide],
            "shared",
        ),
        Case(
            f"{label}:no-cache",
            label,
            "--no-cache, same query as repeated timeline",
            [sahel, "--no-cache", "--data", path, *query],
            "none",
            warmup=False,
        ),
        Case(
            f"{label}:no-cache-ampersand",
            label,
            "--no-cache, same query, one title with ' & '",
            [sahel, "--no-cache", "--data", str(ampersand_variant(bin_dir, made)), *query],
            "none",
            warmup=False,
        ),
    ]


def settle(cache_home: Path, limit: float = 900.0) -> None:
    """Wait for an index sahel writes in the background after a big first query.

    sahel answers first and writes a big dataset's index from a detached child; timing the
    next case while that child still works would measure both. Not part of any timing.
    """
    folder = cache_home / "sahel"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(folder.glob(".building-*")):
        time.sleep(0.2)


def run_group(cases: list[Case], runs: int, work: Path, log: bool = True) -> Path:
    """Warm up, then time ``runs`` rounds of every case; returns the shared cache folder."""
    shared = Path(tempfile.mkdtemp(prefix="shared-", dir=work))
    scratch = Path(tempfile.mkdtemp(prefix="none-", dir=work))

    def once(case: Case) -> Sample:
        if case.cache == "cold":
            cold = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
            try:
                sample = run_once(case.argv, scrubbed_env(cold, tty=case.tty), tty=case.tty)
                settle(cold)
                return sample
            finally:
                shutil.rmtree(cold, ignore_errors=True)
        home = shared if case.cache == "shared" else scratch
        sample = run_once(case.argv, scrubbed_env(home, tty=case.tty), tty=case.tty)
        settle(home)
        return sample

    for case in cases:
        if case.warmup:
            sample = once(case)
            if log:
                print(f"  warm-up  {case.key:<24} {sample.seconds:7.3f} s", flush=True)
    for round_number in range(1, runs + 1):
        for case in cases:
            sample = once(case)
            case.samples.append(sample)
            if log:
                flag = "" if sample.exit_code == 0 else f"  EXIT {sample.exit_code}"
                print(
                    f"  run {round_number}/{runs}  {case.key:<24} {sample.seconds:7.3f} s "
                    f"{sample.rss_kib / 1024:7.1f} MB{flag}",
                    flush=True,
                )
    return shared


# ---------------------------------------------------------------------------------------------
# Report


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def fmt_seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def fmt_bytes(value: int) -> str:
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.1f} KiB"
    return f"{value / 1024 / 1024:.1f} MiB"


HEADERS = ["group", "case", "median", "min–max", "peak RSS", "× floor", "× load", "output"]
HEADERS += ["target", "result"]


def table_rows(cases: list[Case], targets: list[Target]) -> list[list[str]]:
    by_key = {c.key: c for c in cases}
    floor = by_key.get("floor")
    rows = []
    for case in cases:
        ratio_floor = ratio_load = ""
        if floor and case.key != "floor":
            ratio_floor = f"{case.median / floor.median:.2f}×"
        bare = by_key.get(f"{case.group}:bare")
        if bare and case is not bare:
            ratio_load = f"{case.median / bare.median:.2f}×"
        target_texts, verdicts = [], []
        for target in targets:
            if target.case != case.key or target.against not in by_key:
                continue
            against = by_key[target.against]
            ratio = case.median / against.median
            ok = ratio <= target.max_ratio and (
                target.max_mb is None or case.peak_mb <= target.max_mb
            )
            target_texts.append(target.text("floor" if against.key == "floor" else "load"))
            verdicts.append("pass" if ok else "FAIL")
        if case.failures:
            codes = ",".join(str(c) for c in sorted({s.exit_code for s in case.failures}))
            verdicts.append(f"exit {codes} in {len(case.failures)}/{len(case.samples)} runs")
        rows.append(
            [
                case.group,
                case.label,
                fmt_seconds(case.median),
                f"{fmt_seconds(min(case.times))} – {fmt_seconds(max(case.times))}",
                f"{case.peak_mb:.0f} MB",
                ratio_floor,
                ratio_load,
                fmt_bytes(case.samples[-1].out_bytes),
                "; ".join(target_texts),
                " ".join(verdicts),
            ]
        )
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in rows:
        lines.append("| " + " | ".join(esc(c) or " " for c in row) + " |")
    return "\n".join(lines)


def source_state() -> list[tuple[str, int, int]]:
    """Path, size and mtime of every file the timed commands run or read by default."""
    roots = [REPO / "src", REPO / "data", REPO / "pyproject.toml"]
    state = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                state.append((str(path.relative_to(REPO)), info.st_size, info.st_mtime_ns))
    return state


def changed_files(
    before: list[tuple[str, int, int]], after: list[tuple[str, int, int]]
) -> list[str]:
    old, new = {p: rest for p, *rest in before}, {p: rest for p, *rest in after}
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def machine_facts(bin_dir: Path) -> dict[str, str]:
    probe = (
        "import json, platform, importlib.metadata as m\n"
        "v = {}\n"
        "for d in ('typer', 'rich', 'PyYAML', 'sahel'):\n"
        "    try: v[d] = m.version(d)\n"
        "    except m.PackageNotFoundError: v[d] = '?'\n"
        "print(json.dumps({'python': platform.python_version(), 'versions': v}))"
    )
    done = subprocess.run(
        [str(bin_dir / "python"), "-c", probe], capture_output=True, text=True, check=True
    )
    probed = json.loads(done.stdout)
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = git("rev-parse", "--short", "HEAD") or "?"
    changed = git(
        "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks/RESULTS.md"
    )
    if changed:  # the report this run rewrites does not count
        commit += " (with uncommitted changes)"
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, nproc {len(os.sched_getaffinity(0))}, {cpu}, "
            f"{mem_gib:.0f} GiB RAM, Linux {platform.release()}"
        ),
        "python": f"{probed['python']} ({bin_dir / 'python'})",
        "libraries": ", ".join(f"{k} {v}" for k, v in probed["versions"].items()),
        "commit": commit,
        "load": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


def command_line(argv: Sequence[str]) -> str:
    exe = Path(sys.executable)
    try:
        shown = os.path.relpath(exe if exe.is_absolute() else exe.absolute(), Path.cwd())
    except ValueError:
        shown = str(exe)
    script = os.path.relpath(Path(__file__).resolve(), Path.cwd())
    return shlex.join([shown, script, *argv])


# ---------------------------------------------------------------------------------------------


def find_bin_dir() -> Path:
    """The venv's bin folder: this interpreter's own, else the repository's .venv."""
    for candidate in (Path(sys.executable).parent, REPO / ".venv" / "bin"):
        if (candidate / "sahel").exists() and (candidate / "python").exists():
            return candidate
    raise SystemExit(
        "run.py: no `sahel` console script next to this interpreter or in .venv/bin; "
        "run it with the project's venv: .venv/bin/python benchmarks/run.py"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1k,10k,100k", help="generated sizes (default: %(default)s)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        help="timed runs per case (default 15 for the bundled dataset, 5 for generated sizes, "
        "3 for 100k and up)",
    )
    parser.add_argument("--quick", action="store_true", help="1k only, 3 runs")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--output",
        type=Path,
        default=HERE / "RESULTS.md",
        help="Markdown report (default: %(default)s)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in ("1k" if args.quick else args.sizes).split(",") if s]
    if args.quick and args.runs is None:
        args.runs = 3
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")

    def runs_for(events: int) -> int:
        return args.runs if args.runs is not None else (3 if events >= 100_000 else 5)

    bin_dir = find_bin_dir()
    before = source_state()
    facts = machine_facts(bin_dir)
    print(f"sahel benchmarks  {facts['date']}  commit {facts['commit']}")
    print(f"machine: {facts['machine']}; python {facts['python']}; load {facts['load']}")

    datasets = ensure_datasets(bin_dir, sizes, args.seed)
    rss_floor = measure_rss_floor()
    facts["rss_floor"] = f"{rss_floor:.1f} MB"
    print(f"peak-RSS floor (/bin/true spawned from here): {facts['rss_floor']}")

    targets = targets_for(sizes)
    all_cases: list[Case] = []
    cache_notes: list[str] = []
    index_sizes: list[IndexSize] = []
    with tempfile.TemporaryDirectory(prefix="sahel-bench-") as tmp:
        work = Path(tmp)
        groups = [
            # ~0.1 s a run: many runs are cheap, and a median of 15 steadies the ratios
            (
                "bundled dataset",
                bundled_cases(bin_dir),
                15 if args.runs is None else args.runs,
                (REPO / "data" / "events.yaml").stat().st_size,
            )
        ]
        for made in datasets:
            cases = size_cases(bin_dir, made)
            groups.append((f"{made.label} events", cases, runs_for(made.events), made.size_bytes))
        for title, cases, runs, data_bytes in groups:
            print(f"\n== {title}: {runs} runs per case", flush=True)
            shared = run_group(cases, runs, work)
            count, size = folder_size(shared)
            cache_notes.append(
                f"{title}: {count} file(s), {fmt_bytes(size)} in the warm cache folder"
            )
            index_sizes.append(IndexSize(title, data_bytes, index_bytes(shared)))
            all_cases += cases

    facts["load_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    changed = changed_files(before, source_state())
    if changed:
        shown = ", ".join(changed[:8]) + (
            f" and {len(changed) - 8} more" if len(changed) > 8 else ""
        )
        facts["warning"] = (
            f"WARNING: {len(changed)} source or data file(s) changed during the run ({shown}); "
            "the numbers mix versions of the code. Run again on a quiet tree."
        )
    rows = table_rows(all_cases, targets)
    print()
    print(text_table(rows))
    for line in legend(datasets):
        print(line)
    print()
    for note in cache_notes:
        print(f"index cache — {note}")
    print()
    print("\n".join(index_size_table(index_sizes)))
    if "warning" in facts:
        print(f"\n{facts['warning']}")
    failures = [c for c in all_cases if c.failures]
    for case in failures:
        print(
            f"\n{case.key} exited {case.failures[0].exit_code}; stderr:\n{case.failures[0].stderr}"
        )
    if not args.no_write:
        args.output.write_text(
            report(facts, command_line(argv), rows, datasets, cache_notes, all_cases)
            + "\n".join(["", "## Index size", "", *index_size_table(index_sizes)])
            + "\n"
        )
        print(f"\nwrote {os.path.relpath(args.output)}")
    return 1 if failures else 0


@dataclass(frozen=True)
class IndexSize:
    title: str
    dataset_bytes: int
    index_bytes: int

    @property
    def ratio(self) -> float:
        return self.index_bytes / self.dataset_bytes


def index_bytes(cache_home: Path) -> int:
    """The size of the index files (not their stamps) in a warm cache folder."""
    return sum(p.stat().st_size for p in (cache_home / "sahel").glob("index-*.sqlite"))


def index_size_table(sizes: list[IndexSize]) -> list[str]:
    """Markdown rows: each dataset's index against the dataset file (target at 100k)."""
    lines = [
        "| dataset | dataset file | index | index / dataset | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for size in sizes:
        target = f"≤ {MAX_INDEX_RATIO:.1f}×" if size.title == "100k events" else ""
        result = ("pass" if size.ratio <= MAX_INDEX_RATIO else "FAIL") if target else ""
        lines.append(
            f"| {size.title} | {fmt_bytes(size.dataset_bytes)} | {fmt_bytes(size.index_bytes)} | "
            f"{size.ratio:.2f}× | {target or ' '} | {result or ' '} |"
        )
    return lines


def legend(datasets: list[Dataset]) -> list[str]:
    return [
        f"{m.label}: A = {m.info['actor']} "
        f"({m.info['actor_events']} events), W = {m.info['search']}, "
        f"B = {m.info['wide_actor']} (about {m.info['wide_events']} events in the window)"
        for m in datasets
    ]


def report(
    facts: dict[str, str],
    command: str,
    rows: list[list[str]],
    datasets: list[Dataset],
    cache_notes: list[str],
    cases: list[Case],
) -> str:
    runs = sorted({len(c.samples) for c in cases})
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py` (see benchmarks/README.md). Whole-process wall time",
        "from spawn to exit, median of the timed runs (after one warm-up run where noted in the",
        "README); peak RSS is the largest `ru_maxrss` of the child over the runs. Ratios divide",
        "medians measured in this same run. Runs that exited non-zero are left out of the",
        "statistics and counted in the result column.",
        "",
        f"- date: {facts['date']}",
        f"- machine: {facts['machine']}",
        f"- python: {facts['python']}",
        f"- libraries: {facts['libraries']}",
        f"- commit: {facts['commit']}",
        f"- command: `{command}`",
        f"- timed runs per case: {', '.join(str(r) for r in runs)}",
        f"- load average at start / end: {facts['load']} / {facts['load_end']}",
        f"- peak-RSS floor (what a `/bin/true` child reports): {facts['rss_floor']}",
        *(["", f"**{facts['warning']}**"] if "warning" in facts else []),
        "",
        markdown_table(rows),
        "",
        *(f"{line}  " for line in legend(datasets)),
        "",
        "## Generated datasets",
        "",
        "| size | file | bytes | sha256 | actors / events / claims / deadlines "
        "| query actor (events) | search word (events) |",
        "|---|---|---|---|---|---|---|",
    ]
    for made in datasets:
        info = made.info
        lines.append(
            f"| {made.label} | `{made.path.name}` | {made.size_bytes:,} | "
            f"`{made.sha256}` | {info['actors']} / {info['events']} / {info['claims']} / "
            f"{info['deadlines']} | `{info['actor']}` ({info['actor_events']}) | "
            f"`{info['search']}` ({info['search_events']}) |"
        )
    lines += ["", "## Index cache after the warm runs", ""]
    lines += [f"- {note}" for note in cache_notes]
    failed = [c for c in cases if c.failures]
    if failed:
        lines += ["", "## Non-zero exits", ""]
        for case in failed:
            sample = case.failures[0]
            lines += [
                f"- `{case.key}` exited {sample.exit_code}:",
                "",
                "```",
                sample.stderr.strip(),
                "```",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
