"""The dataset and the cache: validate, schema, cache info / clear."""

import sys
from pathlib import Path

import typer

from sahelcli.commands import new_app
from sahelcli.commands.common import session

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
    from sahelcli.validate import load_dataset

    run = session(ctx)
    target = path or run.dataset_path()
    dataset = load_dataset(target)
    counts = dataset.counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    files = len(dataset.files)
    print(f"{target}: valid ({summary}; {files} file{'s' if files != 1 else ''})")


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of the dataset format (for editors)."""
    import json

    from sahelcli.schema import dataset_schema

    sys.stdout.write(json.dumps(dataset_schema(), indent=2) + "\n")


@cache_app.command("info")
def cache_info(ctx: typer.Context) -> None:
    """Where the index lives, and each cache file with its size."""
    from sahelcli.index import cache_dir, cache_files
    from sahelcli.views import cache_table

    run = session(ctx)
    print(f"cache folder: {cache_dir()}", file=sys.stderr)
    run.emit(cache_table(cache_files()))


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Remove every index file and hash stamp (rebuilt on the next query)."""
    from sahelcli.index import cache_files

    removed = 0
    for path in cache_files():
        path.unlink(missing_ok=True)
        removed += 1
    print(f"removed {removed} cache file{'s' if removed != 1 else ''}", file=sys.stderr)
