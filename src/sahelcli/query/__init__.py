"""Pure query functions over a Dataset: no I/O, no Typer, no Rich; ``now`` is always passed in."""
