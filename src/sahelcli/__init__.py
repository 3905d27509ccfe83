"""sahel: a command-line briefing tool for the Niger / Sahel crisis since the July 2023 coup."""

__version__ = "0.1.0"
