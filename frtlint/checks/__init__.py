"""The rule registry: every module `frtNNN_<name>.py` in this package holds one rule."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Dict, List, Type

from frtlint.checks.base import Invalid, Rule, Valid

__all__ = ["Invalid", "Rule", "Valid", "all_rules", "get_rule", "UnknownRule"]


class UnknownRule(KeyError):
    pass


@lru_cache(maxsize=1)
def _registry() -> Dict[str, Type[Rule]]:
    rules: Dict[str, Type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("frt"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.__module__ == module.__name__:
                rules[value.id] = value
    return dict(sorted(rules.items()))


def all_rules() -> List[Type[Rule]]:
    return list(_registry().values())


def get_rule(rule_id: str) -> Type[Rule]:
    try:
        return _registry()[rule_id.upper()]
    except KeyError:
        raise UnknownRule(rule_id) from None
