"""Entry point of the `sahel` command (console script) and of `python -m sahelcli`.

A run lives for a fraction of a second and makes almost no reference cycles, so the cyclic
garbage collector is switched off before anything is imported: its passes over the objects
that Typer, Rich and our modules create cost about 10 ms of a ~120 ms table run (benchmarks/).
Reference counting still frees everything as usual. Long-running parts (the live countdown)
switch collection back on.
"""

import gc


def main() -> None:
    gc.disable()
    from sahelcli.cli import main as run

    run()


if __name__ == "__main__":
    main()
