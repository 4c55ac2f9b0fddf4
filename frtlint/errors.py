"""Errors that end a run with a one-line message instead of a traceback."""


class UsageError(Exception):
    """A bad option, path or argument: exit 2."""


class ConfigError(UsageError):
    """A bad `[tool.frtlint]` setting: exit 2, the message names the file and key."""


class EngineError(Exception):
    """An analysis engine failed (Semgrep crashed or timed out): exit 3."""
