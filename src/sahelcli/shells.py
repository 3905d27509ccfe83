"""Shell completion that inserts runnable words, in bash, zsh and fish.

Typer's own completion classes print candidates raw: bash then inserts ``Emmanuel Macron`` as
two words, an apostrophe leaves an open quote, and zsh filters out candidates whose case
differs from what was typed. These subclasses (installed by ``install_classes`` only on a
completion run) quote for the shell:

- bash: backslash-escapes each candidate (``Emmanuel\\ Macron``), or, when the word being
  completed was opened with a quote, closes that quote around it (``"Côte d'Ivoire"``);
- zsh: adds the candidates with ``compadd -U`` (the names are already matched, any case and
  accents) and lets zsh quote them;
- fish: prints them plainly with their description; fish escapes what it inserts.

Candidates are shown as the data spells them (``CEDEAO``, not ``cedeAO``).
"""

from __future__ import annotations

import os
import re
import shlex
from typing import Any

from typer._completion_classes import BashComplete, FishComplete, ZshComplete

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_UNSAFE = re.compile(r"([^\w@%+=:,./-])")


def bash_escape(value: str) -> str:
    """``Côte d'Ivoire`` -> ``Côte\\ d\\'Ivoire``: one word for bash, accents kept."""
    return _UNSAFE.sub(r"\\\1", value)


def _opening_quote(words: str) -> str:
    """The quote the last (unfinished) word of a command line was opened with, if any."""
    quote = ""
    escaped = False
    for char in words:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
    return quote


class SahelBashComplete(BashComplete):
    def format_completion(self, item: Any) -> str:
        value = str(item.value)
        quote = _opening_quote(os.environ.get("COMP_WORDS", ""))
        if quote == '"':
            return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'
        if quote == "'":
            return "'" + value.replace("'", "'\\''") + "'"
        return bash_escape(value)


class SahelZshComplete(ZshComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        values = [str(item.value) for item in self.get_completions(args, incomplete)]
        if not values:
            return "_files"
        # The script evals this line: each value is one shell word; zsh quotes on insertion.
        return "compadd -U -- " + " ".join(shlex.quote(v) for v in values)


class SahelFishComplete(FishComplete):
    pass  # fish matches and escapes candidates itself; the plain values are right


def install_classes() -> None:
    """Make Typer register these classes (it registers its own on every completion run)."""
    import typer._completion_classes as classes
    from typer._click.shell_completion import add_completion_class

    classes.BashComplete = SahelBashComplete  # type: ignore[misc]
    classes.ZshComplete = SahelZshComplete  # type: ignore[misc]
    classes.FishComplete = SahelFishComplete  # type: ignore[misc]
    for cls in (SahelBashComplete, SahelZshComplete, SahelFishComplete):
        add_completion_class(cls, cls.name)


def explicit_shell_request(args: list[str]) -> tuple[str, str] | None:
    """``--install-completion zsh`` / ``--show-completion=fish``: (action, shell), else None.

    Typer's options only detect the shell, so a shell named after them was taken for a
    command and the detected shell's completion installed instead."""
    for i, arg in enumerate(args):
        name, _, value = arg.partition("=")
        if name not in ("--install-completion", "--show-completion"):
            continue
        if not value and i + 1 < len(args):
            value = args[i + 1]
        if value in SHELLS:
            return name.removeprefix("--").removesuffix("-completion"), value
    return None


def handle_explicit_shell(action: str, shell: str) -> None:
    """Install or print the completion script of ``shell``."""
    from typer._completion_shared import get_completion_script, install

    if action == "show":
        print(get_completion_script(prog_name="sahel", complete_var="_SAHEL_COMPLETE", shell=shell))
        return
    installed, path = install(shell=shell, prog_name="sahel", complete_var="_SAHEL_COMPLETE")
    print(f"{installed} completion installed in {path}")
    print("Completion will take effect once you restart the terminal")
