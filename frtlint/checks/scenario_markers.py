"""The catalog vocabulary of the scenario rules (FRT402, FRT601, FRT602), compiled once.

The words live in `frtlint/catalog/markers.toml` (`[significant-matters]`,
`[private-places]`, `[network-video]`); this module only turns them into patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, Mapping, Pattern, Sequence, Tuple

from frtlint.catalog import Catalog
from frtlint.catalog import _pattern as _compile  # case-insensitive, refused when it could backtrack without end


def _names_pattern(names: Sequence[str]) -> Pattern[str]:
    """Exact project names from rule options (`pay_grant`), matched as whole identifiers."""
    if not names:
        return re.compile("(?!x)x")
    return re.compile("^(" + "|".join(re.escape(n.split(".")[-1]) for n in names) + ")$", re.IGNORECASE)


@dataclass(frozen=True)
class SignificantMatters:
    operation: Pattern[str]
    review: Pattern[str]
    extra_operations: Pattern[str]
    extra_reviews: Pattern[str]
    # Answers per word: a project asks about the same call names over and over.
    _operations: Dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _reviews: Dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_operation(self, word: str) -> bool:
        known = self._operations.get(word)
        if known is None:
            known = self._operations[word] = bool(self.operation.search(word) or self.extra_operations.match(word))
        return known

    def is_review(self, word: str) -> bool:
        known = self._reviews.get(word)
        if known is None:
            known = self._reviews[word] = bool(self.review.search(word) or self.extra_reviews.match(word))
        return known


@dataclass(frozen=True)
class PrivatePlaces:
    words: Tuple[str, ...]
    device: Pattern[str]
    any_word: Pattern[str]

    def place_in(self, text: str) -> str:
        """The private place a text names (`"3F changing room"` -> `changing room`), or ""."""
        lowered = text.lower()
        if not self.any_word.search(lowered):
            return ""  # the usual answer, found with one search instead of one per word
        return next((word for word in self.words if word in lowered), "")


@dataclass(frozen=True)
class NetworkVideo:
    url: Pattern[str]
    name: Pattern[str]
    sdk_call: Pattern[str]


def _section(catalog: Catalog, name: str) -> Mapping[str, Any]:
    return catalog.raw["shipped"]["markers"][name]


def significant_matters(catalog: Catalog, operations: Sequence[str] = (), reviews: Sequence[str] = ()) -> SignificantMatters:
    section = _section(catalog, "significant-matters")
    return SignificantMatters(
        operation=_compile(section["name-pattern"]),
        review=_compile(section["review-pattern"]),
        extra_operations=_names_pattern(operations),
        extra_reviews=_names_pattern(reviews),
    )


def private_places(catalog: Catalog) -> PrivatePlaces:
    section = _section(catalog, "private-places")
    words = tuple(w.lower() for w in section["words"])
    return PrivatePlaces(words=words, device=_compile(section["device-pattern"]), any_word=_names_pattern_in(words))


def network_video(catalog: Catalog) -> NetworkVideo:
    section = _section(catalog, "network-video")
    return NetworkVideo(
        url=_compile(section["url-pattern"]),
        name=_compile(section["name-pattern"]),
        sdk_call=_compile(section["sdk-call-pattern"]),
    )


def _names_pattern_in(words: Sequence[str]) -> Pattern[str]:
    """Any of `words` anywhere in a text (plain substrings, escaped)."""
    if not words:
        return re.compile("(?!x)x")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def literal_strings(value: Any) -> Iterator[str]:
    """Every string inside a literal argument (lists and dicts included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from literal_strings(inner)
    elif isinstance(value, (list, tuple, set)):
        for inner in value:
            yield from literal_strings(inner)


def literal_keys(value: Any) -> Iterator[str]:
    """Every dict key inside a literal argument (`{"camera_id": ...}` -> `camera_id`)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from literal_keys(inner)
    elif isinstance(value, (list, tuple, set)):
        for inner in value:
            yield from literal_keys(inner)
