""""Did you mean ...?" for names users mistype: rule ids and configuration keys."""

from __future__ import annotations

import difflib
from typing import Iterable


def did_you_mean(wrong: str, choices: Iterable[str], upper: bool = False) -> str:
    """' (did you mean X?)' for the closest of `choices`, or '' when none is close."""
    options = sorted(set(choices))
    candidate = wrong.upper() if upper else wrong
    close = difflib.get_close_matches(candidate, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def rule_suggestion(selector: str) -> str:
    """For an unknown rule id or prefix: the closest rule id."""
    from frtlint.checks import all_rules

    return did_you_mean(selector, (r.id for r in all_rules()), upper=True)
