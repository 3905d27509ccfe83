"""Dataset sizes as written on the command line (``1k``, ``10k``, ``1.5m``) and in file names.

Shared by generate.py and run.py; kept apart so run.py need not import generate.py (its
hashlib and OpenSSL imports would raise the runner's own memory, which children inherit).
"""


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    value = int(float(text[:-1] if factor > 1 else text) * factor)
    if value < 1:
        raise ValueError(f"size must be at least 1, got {text!r}")
    return value


def size_label(events: int) -> str:
    if events % 1_000_000 == 0:
        return f"{events // 1_000_000}m"
    return f"{events // 1000}k" if events % 1000 == 0 else str(events)
