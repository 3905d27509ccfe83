"""The dataset and the cache: validate, schema, cache info / clear."""

import sys
from pathlib import Path
from typing import Any

import typer

from sahelcli.commands import new_app
from sahelcli.commands.common import session
from sahelcli.errors import UsageError

app = new_app()
cache_app = new_app(help="Show or remove the compiled index (the cache).")
app.add_typer(cache_app, name="cache")


@app.command()
def validate(
    ctx: typer.Context,
    path: Path | None = typer.Argument(
        None, help="Dataset file or folder (default: --data, SAHEL_DATA or the bundled one)."
    ),
) -> None:
    """Check a dataset and print a summary, or every problem found (exit 3)."""
    from sahelcli.errors import DataIOError, DatasetError
    from sahelcli.validate import load_dataset
    from sahelcli.views import validation_detail

    run = session(ctx)
    target = path or run.dataset_path()
    try:
        dataset = load_dataset(target)
    except DataIOError as exc:
        if path is not None:  # the user named this path: no word about --data
            exc.problems = [p._replace(hint="check the path") for p in exc.problems]
        raise
    except DatasetError as exc:
        if run.format in ("json", "jsonl"):  # the problems as data, then the exit code
            run.emit(validation_detail(str(target), None, exc.problems))
        raise
    if run.format is None:
        counts = ", ".join(f"{n} {k}" for k, n in dataset.counts().items())
        files = len(dataset.files)
        updated = f"; updated {dataset.meta.updated.iso()}" if dataset.meta.updated else ""
        print(f"{target}: valid ({counts}; {files} file{'s' if files != 1 else ''}{updated})")
        return
    run.emit(validation_detail(str(target), dataset, []))


@app.command()
def diff(
    ctx: typer.Context,
    old: Path = typer.Argument(..., metavar="OLD", help="The older dataset file or folder."),
    new: Path = typer.Argument(..., metavar="NEW", help="The newer dataset file or folder."),
) -> None:
    """Records added, removed and changed between two datasets, field by field (exit 1 when
    they differ, 0 when identical, as diff does)."""
    from sahelcli.query.diff import diff as run_query
    from sahelcli.query.diff import meta_changes
    from sahelcli.validate import load_dataset
    from sahelcli.views import diff_table

    run = session(ctx)
    before, after = load_dataset(old), load_dataset(new)
    changes, meta = run_query(before, after), meta_changes(before, after)
    table = diff_table(changes, meta)
    counts = {c: sum(r.change == c for r in changes) for c in ("added", "removed", "changed")}
    table.title = ", ".join(f"{n} {c}" for c, n in counts.items()) + (
        f", meta: {len(meta)} field{'s' if len(meta) != 1 else ''}" if meta else ""
    )
    run.emit(table, nothing_found=bool(changes or meta))


@app.command()
def changes(
    ctx: typer.Context,
    since: str = typer.Option(
        ..., "--since", metavar="DATE", help="Added or revised on or after this date."
    ),
    until: str | None = typer.Option(
        None, "--until", metavar="DATE", help="...and on or before this date."
    ),
) -> None:
    """What is new in the data: records added or revised since a date (not events dated
    since then: that is `timeline --since`), by kind, newest first."""
    from sahelcli.query.changes import changes as run_query
    from sahelcli.views import changes_table

    run = session(ctx)
    first = run.parse_day(since, "--since")
    last = run.parse_day(until, "--until", end=True) if until else None
    if last is not None and last < first:
        raise UsageError("--since is after --until", hint="swap them")
    found = run_query(run.store.full(), first, last)  # about the data, not the story: no replay
    run.emit(changes_table(found), nothing_found=not found)


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the dataset format (for editors)."""
    import json

    from sahelcli.schema import dataset_schema

    sys.stdout.write(json.dumps(dataset_schema(), indent=2) + "\n")


#: The row of ``cache info`` for indexes that other versions of sahel wrote (pruned once
#: unused for cache.IDLE_DAYS; ``cache clear`` removes them now).
OTHER_VERSIONS = "(indexes of other sahel versions)"


@cache_app.command("info")
def cache_info(ctx: typer.Context) -> None:
    """Where the index lives and what it holds: one line per dataset with the dataset's path,
    its `updated` date, how many versions are kept and their size."""
    import datetime as dt

    from sahelcli.cache import by_dataset, cache_dir, human_size, stray_files
    from sahelcli.index import describe
    from sahelcli.views import cache_table

    run = session(ctx)
    folder = cache_dir()
    datasets = by_dataset(folder) if folder.is_dir() else []
    strays = stray_files(folder) if folder.is_dir() else []
    rows: list[dict[str, Any]] = []
    others: dict[str, Any] = {"dataset": OTHER_VERSIONS, "updated": None, "indexes": 0}
    others.update(bytes=0, used="", files=[])
    for entry in datasets:
        newest = entry.indexes[0]
        about = describe(newest.path)
        used = dt.datetime.fromtimestamp(newest.used, tz=dt.timezone.utc).date().isoformat()
        files = [*(i.path for i in entry.indexes), *([entry.stamp] if entry.stamp else [])]
        if not about["source"]:  # written by another version of sahel: one row for them all
            others["indexes"] += len(entry.indexes)
            others["bytes"] += entry.size
            others["used"] = max(others["used"], used)
            others["files"] += [str(f) for f in files]
            continue
        rows.append(
            {
                "dataset": about["source"],
                "updated": about["updated"] or None,
                "indexes": len(entry.indexes),
                "size": human_size(entry.size),
                "bytes": entry.size,
                "used": used,
                "files": [str(f) for f in files],
            }
        )
    if others["indexes"]:
        rows.append({**others, "size": human_size(others["bytes"])})
    total = sum(entry.size for entry in datasets)
    print(f"cache folder: {folder} ({human_size(total)} in all)", file=sys.stderr)
    for stray in strays:
        print(f"not part of an index (cache clear removes it): {stray.name}", file=sys.stderr)
    run.emit(cache_table(rows))


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Remove every index file and hash stamp (rebuilt on the next query)."""
    from sahelcli.cache import cache_files

    removed = 0
    for path in cache_files():
        path.unlink(missing_ok=True)
        removed += 1
    print(f"removed {removed} cache file{'s' if removed != 1 else ''}", file=sys.stderr)


@app.command("help")
def help_(
    ctx: typer.Context,
    command: list[str] | None = typer.Argument(None, metavar="[COMMAND]..."),
) -> None:
    """Show the help of sahel or of one command (`sahel help cache info`)."""
    from sahelcli.errors import UsageError

    context = ctx.find_root()
    for name in command or []:
        group = context.command
        found = group.get_command(context, name) if hasattr(group, "get_command") else None
        if found is None:
            from sahelcli.suggest import did_you_mean

            names = group.list_commands(context) if hasattr(group, "list_commands") else []
            raise UsageError(
                f"no command {name!r}", hint=did_you_mean(name, names) or "see 'sahel --help'"
            )
        context = found.make_context(name, [], parent=context, resilient_parsing=True)
    print(context.get_help())
