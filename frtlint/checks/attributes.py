"""Which attributes an analysis call asks a face API to estimate (FRT301, FRT201)."""

from __future__ import annotations

from typing import Any, List, Optional

from frtlint.analysis.facts import CallSite
from frtlint.catalog import ApiSpec, Catalog

MISSING = object()  # no attribute list given: the library default applies
# Attributes that describe the face box, not the person: asking for them is detection.
_GEOMETRY = frozenset({"landmark", "landmark72", "landmark150", "quality", "face_type", "face_shape", "facetype", "headpose", "blur", "occlusion", "exposure", "noise"})


def api_spec(call: CallSite, catalog: Catalog) -> Optional[ApiSpec]:
    if call.api is None:
        return None
    spec = catalog.api(call.api)
    if spec is None:
        for _, http_spec in catalog.http:
            if http_spec.name == call.api:
                return http_spec
    return spec


def raw_attributes(call: CallSite, catalog: Catalog) -> Any:
    """The literal attribute list the call passes; `None` when it passes one frtlint
    cannot read; `MISSING` when it passes none (the library default applies)."""
    spec = api_spec(call, catalog)
    if spec is None or not spec.attributes:
        return MISSING
    attributes = spec.attributes
    slots = [attributes.get("keyword"), *attributes.get("also", [])]
    if "position" in attributes:
        slots.append(str(attributes["position"]))
    for slot in [s for s in slots if s]:
        key = attributes.get("key")
        if key:
            if f"{slot}.{key}" in call.literals:
                return call.literals[f"{slot}.{key}"]
            if slot in call.literals and isinstance(call.literals[slot], dict):
                return call.literals[slot].get(key, None)
        elif slot in call.literals:
            return call.literals[slot]
    if any(s in call.literals or _slot_used(call, s) for s in slots if s):
        return None
    return MISSING


def requested_attributes(call: CallSite, catalog: Catalog) -> List[str]:
    spec = api_spec(call, catalog)
    if spec is None or not spec.attributes:
        return []
    raw = raw_attributes(call, catalog)
    if raw is MISSING:
        raw = spec.attributes.get("default", [])
    return attribute_names(raw)


def estimates_person_attributes(call: CallSite, catalog: Catalog) -> bool:
    """A detection call told to estimate age, gender, emotion, ... is analysis."""
    return any(a not in _GEOMETRY for a in requested_attributes(call, catalog))


def _slot_used(call: CallSite, slot: str) -> bool:
    return f"{slot}=" in call.text.replace(" ", "")


def attribute_names(raw: Any) -> List[str]:
    if isinstance(raw, str):
        return [p.strip().lower() for p in raw.split(",") if p.strip()]
    if isinstance(raw, (list, tuple)):
        return [str(p).strip().lower() for p in raw if isinstance(p, str)]
    if isinstance(raw, dict):
        return [str(k).lower() for k, v in raw.items() if v]
    return []

