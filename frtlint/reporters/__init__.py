"""Output formats. Each module renders a RunResult to text; FORMATS maps names to them."""

from __future__ import annotations

from typing import Callable, Dict

from frtlint.reporters import json_format, text

Renderer = Callable[..., str]

def _full(*args: object, **kwargs: object) -> str:
    from frtlint.terminal.full import render  # imported when used: it reads source files

    return render(*args, **kwargs)


FORMATS: Dict[str, Renderer] = {
    "full": _full,  # the default: source lines with the span marked, evidence trail
    "concise": text.render,  # one line per finding
    "text": text.render,  # the name concise had before full existed; scripts use it
    "json": json_format.render,
}


def _load_optional() -> None:
    """Formats that live in their own modules register themselves when present."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name in ("text", "json_format"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        name = getattr(module, "FORMAT_NAME", None)
        if name:
            FORMATS[name] = module.render


_load_optional()
