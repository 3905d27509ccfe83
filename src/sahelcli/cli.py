"""The `sahel` command line: parse options, call a query, hand the result to the output layer.

Nothing here computes anything; see query/ for the logic, views.py for the shape of the
output and render/ for the formats. Global options work before or after the subcommand.
"""

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from sahelcli import __version__, errors
from sahelcli.completion import choices
from sahelcli.env import env_flag
from sahelcli.render import FORMATS
from sahelcli.session import Session


def global_option_arity(params: Sequence[Any]) -> dict[str, bool]:
    """Every global option's spellings -> whether it takes a value, read from the root
    command's own parameters (declared once, in ``main_options``)."""
    arity: dict[str, bool] = {}
    for param in params:
        takes_value = not getattr(param, "is_flag", False)
        for name in [*param.opts, *getattr(param, "secondary_opts", [])]:
            if name.startswith("-"):
                arity[name] = takes_value
    return arity


def hoist_global_options(
    args: list[str], commands: Sequence[str], arity: dict[str, bool]
) -> list[str]:
    """Move global options that follow the subcommand in front of it (stops at ``--``).

    The subcommand is the first argument that is neither an option nor an option's value, so
    ``sahel --data brief timeline -f json`` (a dataset file named ``brief``) runs ``timeline``.
    """
    position = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return args
        if arg.startswith("-"):
            if arity.get(arg, False) and "=" not in arg:
                i += 1  # its value
            i += 1
            continue
        position = i if arg in commands else None
        break
    if position is None:
        return args
    head, tail = list(args[: position + 1]), list(args[position + 1 :])
    hoisted: list[str] = []
    rest: list[str] = []
    short_with_value = [name for name, takes in arity.items() if takes and len(name) == 2]
    i = 0
    while i < len(tail):
        arg = tail[i]
        if arg == "--":
            rest.extend(tail[i:])
            break
        name = arg.split("=", 1)[0]
        if name in arity:
            hoisted.append(arg)
            if arity[name] and "=" not in arg and i + 1 < len(tail):
                hoisted.append(tail[i + 1])
                i += 1
        elif any(arg.startswith(short) and len(arg) > 2 for short in short_with_value):
            hoisted.append(arg)  # -fjson
        else:
            rest.append(arg)
        i += 1
    return head[:position] + hoisted + head[position:] + rest


#: The CLI's own words for "what to try" when nothing matched and no name was close.
TOPIC_HINTS = {
    "actor": "run 'sahel actors' for the list",
    "deadline": "run 'sahel deadlines'",
    "tag": "run 'sahel tags' for the list",
    "record": "try 'sahel search TEXT'",
}


def report(message: str, hint: str | None = None) -> None:
    """One error on stderr; dataset text in it (a name, a value) is cleaned as on stdout."""
    from sahelcli.render.safe import clean_line

    print(f"sahel: error: {clean_line(message)}", file=sys.stderr)
    if hint:
        print(f"  hint: {clean_line(hint)}", file=sys.stderr)


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class SahelGroup(TyperGroup):
    """The root group: subcommands loaded lazily from ``commands/``, global options hoisted,
    errors turned into one line and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own usage errors in our error style (exit 2), not Click's."""
        kwargs["standalone_mode"] = False
        argv = list(kwargs.get("args") or (args[0] if args else None) or sys.argv[1:])
        if any(key.endswith("_COMPLETE") for key in os.environ):
            from sahelcli.shells import install_classes

            install_classes()
        elif any(str(a).startswith(("--install-completion", "--show-completion")) for a in argv):
            from sahelcli.shells import explicit_shell_request, handle_explicit_shell

            request = explicit_shell_request(argv)
            if request is not None:
                handle_explicit_shell(*request)
                sys.exit(0)
        try:
            code = super().main(*args, **kwargs)
        except Exception as exc:
            if not _is_click_exception(exc):
                raise
            if type(exc).__name__ == "Abort":
                print("", file=sys.stderr)
                sys.exit(errors.INTERRUPTED)
            from sahelcli.usage import plain

            context = getattr(exc, "ctx", None)
            message, hint = plain(exc, context.command_path if context else None)
            report(message, hint)
            sys.exit(getattr(exc, "exit_code", errors.USAGE) or errors.USAGE)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: Any) -> list[str]:
        from sahelcli.commands import COMMANDS

        return sorted(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from sahelcli.commands import load_command

        return load_command(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from sahelcli.suggest import suggest

            match = suggest(name, self.list_commands(ctx))
            ctx.fail(f"No such command {name!r}." + (f" Did you mean {match!r}?" if match else ""))
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        arity = global_option_arity(self.params)
        return super().parse_args(ctx, hoist_global_options(args, self.list_commands(ctx), arity))

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            if "sahelcli.index" in sys.modules:  # only when a dataset was loaded this run
                sys.modules["sahelcli.index"].finish()
            return result
        except errors.DatasetError as exc:
            from sahelcli.render.safe import clean_line

            for problem in exc.problems:
                print(clean_line(problem.format()), file=sys.stderr)
            print(f"sahel: {exc.message}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except errors.SahelError as exc:
            if exc.message:
                report(exc.message, exc.hint or TOPIC_HINTS.get(exc.topic or ""))
            if isinstance(exc, errors.OutputError):
                _quiet_stdout()  # what could not be written must not fail again at exit
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            _quiet_stdout()
            if "sahelcli.index" in sys.modules:  # the reader left early: still build the index
                sys.modules["sahelcli.index"].finish()
            raise typer.Exit(errors.OK) from None
        except OSError as exc:  # I/O that no layer below put into words
            report(f"input/output error: {exc.strerror or exc}")
            _quiet_stdout()
            raise typer.Exit(errors.IO_ERROR) from None
        except KeyboardInterrupt:
            print("", file=sys.stderr)
            raise typer.Exit(errors.INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if isinstance(exc, typer.BadParameter) or _is_click_exception(exc):
                raise
            session = ctx.obj if isinstance(ctx.obj, Session) else None
            if (session and session.debug) or env_flag("SAHEL_DEBUG"):
                raise
            report(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug: see 'Reporting bugs' in the README "
                "(run again with --debug or SAHEL_DEBUG=1 for the traceback)",
            )
            raise typer.Exit(errors.INTERNAL) from None


def _is_click_exception(exc: Exception) -> bool:
    return type(exc).__module__.endswith(("click.exceptions", "_click.exceptions"))


app = typer.Typer(
    cls=SahelGroup,
    name="sahel",
    help="Briefing and query tool for the Niger / Sahel crisis since the July 2023 coup.",
    epilog=(
        "Examples:\n\n\b\n"
        "  $ sahel timeline --tag coup\n"
        "  $ sahel actor tchiani\n"
        "  $ sahel deadline ecowas --as-of 2023-08-03T12:00+01:00\n"
        "  $ sahel brief -f md -o brief.md\n"
        "  $ sahel show ecowas-one-week-ultimatum-2023\n\n"
        "'sahel help COMMAND' (or 'sahel COMMAND --help') shows a command's options and "
        "examples.\n\n"
        "Exit codes:\n\n\b\n"
        "  0 ok   1 nothing found   2 usage error   3 invalid dataset\n"
        "  4 input/output error   70 internal error (a bug)   130 interrupted"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    data: str | None = typer.Option(
        None, "--data", metavar="PATH", help="Dataset file or folder of *.yaml (env SAHEL_DATA)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="INSTANT", help="Replay the state at this date or date-time."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, tsv, csv, json, jsonl or md (default: table on a terminal, tsv otherwise).",
        autocompletion=choices(FORMATS),
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (also NO_COLOR)."),
    width: int | None = typer.Option(
        None,
        "--width",
        min=20,
        metavar="N",
        help="Table width; cells wrap to fit (default: the terminal's; in a file, the content's).",
    ),
    no_header: bool = typer.Option(False, "--no-header", help="No header line in TSV/CSV."),
    wrap: bool = typer.Option(
        False, "--wrap", help="Terminal tables: show every cell whole instead of cutting with '…'."
    ),
    no_pager: bool = typer.Option(
        False, "--no-pager", help="Never page long output (pager: SAHEL_PAGER, PAGER, less -FRX)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the index."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
    version: bool = typer.Option(
        False, "--version", help="Print the version and the dataset's date, then exit."
    ),
) -> None:
    ctx.obj = Session(
        data=data,
        as_of=as_of,
        format=fmt,
        no_color=no_color,
        width=width,
        header=not no_header,
        use_cache=not no_cache,
        debug=debug,
        paging=not no_pager,
        wrap=wrap,
    )
    if version:
        _print_version(ctx.obj)
        raise typer.Exit()
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        print(ctx.get_help())  # `sahel` alone: the help, on stdout (`sahel | less` works)
        raise typer.Exit()


def _print_version(run: Session) -> None:
    """The program's version, then the dataset's title and how fresh it is."""
    print(f"sahel {__version__}")
    try:
        meta = run.store.meta()
    except errors.SahelError as exc:
        print(f"sahel: dataset: {exc.message}", file=sys.stderr)
        return
    updated = f"updated {meta.updated.iso()}" if meta.updated else "no update date"
    print(f"data: {meta.title or 'untitled dataset'}, {updated} ({run.dataset_path()})")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`): errors must not reach stdout
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    app(args=argv, prog_name="sahel")


__all__ = ["app", "main"]
