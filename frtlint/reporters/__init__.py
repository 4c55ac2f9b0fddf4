"""Output formats. Each module renders a RunResult to text; FORMATS maps names to them."""

from __future__ import annotations

from typing import Callable, Dict

from frtlint.reporters import json_format, text

Renderer = Callable[..., str]

FORMATS: Dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
}


def register(name: str, renderer: Renderer) -> None:
    FORMATS[name] = renderer


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
