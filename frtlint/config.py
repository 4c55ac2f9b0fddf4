"""`[tool.frtlint]` in pyproject.toml: reading, validating, merging with the CLI."""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Pattern, Sequence, Tuple

from frtlint.catalog import EXTENSION_KEYS, FACE_KINDS, OUTPUTS
from frtlint.checks import all_rules
from frtlint.checks.impact_record import unsafe_record_pattern
from frtlint.cli_suggest import did_you_mean, rule_suggestion
from frtlint.errors import ConfigError
from frtlint.tomlcompat import tomllib

FAIL_ON = ("error", "warning", "never")
REGIMES = ("draft-2023", "measures-2025")
ENGINES = ("libcst", "semgrep", "all")

DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env", "virtualenv",
    "node_modules", "__pycache__", "build", "dist", "site-packages", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".frtlint_cache", ".eggs", "*.egg-info", "__pypackages__",
    ".frtlint-baseline.json", "package-lock.json", "npm-shrinkwrap.json", "tsconfig.json",
)

# key -> (expected type(s), description)
_KEYS: Dict[str, Tuple[Tuple[type, ...], str]] = {
    "select": ((list,), "rule ids or prefixes to run"),
    "ignore": ((list,), "rule ids or prefixes to skip"),
    "extend-select": ((list,), "rule ids or prefixes added to select"),
    "per-file-ignores": ((dict,), "glob -> rule ids skipped in matching files"),
    "exclude": ((list,), "paths and globs never checked (replaces the defaults)"),
    "extend-exclude": ((list,), "paths and globs never checked, added to the defaults"),
    "fail-on": ((str,), "lowest severity that fails the run: error, warning or never"),
    "regime": ((str,), "article numbering cited first: draft-2023 or measures-2025"),
    "engine": ((str,), "libcst, semgrep or all"),
    "jobs": ((int,), "worker processes"),
    "cache-dir": ((str,), "where facts are cached (default: a per-user folder outside the project)"),
    "respect-gitignore": ((bool,), "skip files .gitignore ignores"),
    "force-exclude": ((bool,), "apply exclude patterns to paths named on the command line too"),
    "catalog": ((dict,), "extensions of the face-API catalog"),
    "rules": ((dict,), "per-rule options, e.g. [tool.frtlint.rules.FRT502]"),
    "impact-assessment": ((str,), "path or glob of the PIPIA record, relative to the config file's folder (FRT901)"),
    "impact-assessment-max-age-days": ((int,), "days after which the PIPIA record counts as out of date (FRT901)"),
}


@dataclass
class Settings:
    select: List[str] = field(default_factory=lambda: ["FRT"])
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    exclude: List[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: List[str] = field(default_factory=list)
    fail_on: str = "warning"
    regime: str = "draft-2023"
    engine: str = "all"
    jobs: int = 0
    cache_dir: Optional[str] = None  # None: a per-user folder outside the project (engine/cache.py)
    respect_gitignore: bool = True
    force_exclude: bool = False
    catalog: Dict[str, Any] = field(default_factory=dict)
    rule_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    impact_assessment: Optional[str] = None  # None: not configured (FRT901 then uses docs/pipia.md)
    impact_assessment_max_age_days: int = 365
    root: Path = field(default_factory=Path.cwd)
    source: Optional[Path] = None

    def enabled_rules(self) -> List[str]:
        ids = [r.id for r in all_rules()]
        chosen = [i for i in ids if rule_matches(i, self.select + self.extend_select)]
        return [i for i in chosen if not rule_matches(i, self.ignore)]

    def ignored_for(self, path: str) -> List[str]:
        ignored: List[str] = []
        for pattern, rules in self.per_file_ignores.items():
            if _matcher((pattern,))(path):
                ignored.extend(rules)
        return ignored

    def is_excluded(self, relative: str) -> bool:
        return self.exclusion_matcher()(relative)

    def exclusion_matcher(self) -> Callable[[str], bool]:
        """The test `is_excluded` applies, to call directly on many paths."""
        return _matcher(tuple(self.exclude) + tuple(self.extend_exclude))


def rule_matches(rule_id: str, selectors: Sequence[str]) -> bool:
    """Whether a selector covers the rule: an id prefix in any case (`frt1` covers FRT101), or ALL."""
    return any(rule_id.startswith(s.upper()) or s.upper() == "ALL" for s in selectors)


def _one_regex(globs: Sequence[str]) -> Optional[Pattern[str]]:
    """A single regex matching any of the globs (one C-level match instead of a loop)."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs))


@lru_cache(maxsize=64)
def _matcher(patterns: Tuple[str, ...]):
    """One compiled test for a set of glob patterns (discovery asks it for every path).

    Plain names (`node_modules`) match any path component exactly; other patterns are
    globs over the whole path or, without a `/`, over any single component.
    """
    stripped = [p.rstrip("/") for p in patterns]  # a trailing `/` only says "a folder"
    names = {p for p in stripped if not any(c in p for c in "*?[/")}
    component_globs = _one_regex([p for p in stripped if "/" not in p and p not in names])
    path_globs = _one_regex([p for p in stripped if "/" in p])
    any_globs = _one_regex(stripped)

    def excluded(relative: str) -> bool:
        relative = relative.replace(os.sep, "/")
        while relative.startswith("./"):
            relative = relative[2:]
        parts = relative.split("/")
        if names.intersection(parts):
            return True
        if any_globs is not None and any_globs.match(relative):
            return True
        if component_globs is not None and any(component_globs.match(part) for part in parts):
            return True
        return path_globs is not None and any(path_globs.match("/".join(parts[: i + 1])) for i in range(len(parts)))

    return excluded


def find_pyproject(start: Path) -> Optional[Path]:
    for directory in [start, *start.parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(config_file: Optional[str] = None, start: Optional[Path] = None) -> Settings:
    """Settings from `--config FILE` or the nearest pyproject.toml above `start`."""
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"{config_file}: config file not found")
    else:
        path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Settings(root=(start or Path.cwd()).resolve())
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    table = document.get("tool", {}).get("frtlint", {}) if path.name == "pyproject.toml" else document.get("tool", {}).get("frtlint", document)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.frtlint] must be a table")
    return settings_from_table(table, path)


def settings_from_table(table: Mapping[str, Any], path: Path) -> Settings:
    settings = Settings(root=path.parent.resolve(), source=path)
    known_ids = {r.id for r in all_rules()}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: [tool.frtlint] unknown key '{key}'{did_you_mean(key, _KEYS)}")
        types, description = _KEYS[key]
        if not isinstance(value, types) or (types == (int,) and isinstance(value, bool)):
            raise ConfigError(f"{path}: [tool.frtlint] '{key}' must be {_type_name(types)} ({description})")
    for key in ("select", "ignore", "extend-select"):
        for selector in table.get(key, []):
            _check_selector(selector, known_ids, path, key)
    for pattern, rules in table.get("per-file-ignores", {}).items():
        if not isinstance(rules, list):
            raise ConfigError(f"{path}: [tool.frtlint] 'per-file-ignores.{pattern}' must be a list of rule ids")
        for selector in rules:
            _check_selector(selector, known_ids, path, f"per-file-ignores.{pattern}")
    for key, choices in (("fail-on", FAIL_ON), ("regime", REGIMES), ("engine", ENGINES)):
        if key in table and table[key] not in choices:
            raise ConfigError(f"{path}: [tool.frtlint] '{key}' must be one of {', '.join(choices)}, not '{table[key]}'")
    for key in ("exclude", "extend-exclude"):
        for pattern in table.get(key, []):
            _check_text(pattern, path, f"each '{key}' entry")
    for key in ("cache-dir", "impact-assessment"):
        if key in table:
            _check_text(table[key], path, f"'{key}'")
    if "impact-assessment" in table and unsafe_record_pattern(table["impact-assessment"]):
        raise ConfigError(f"{path}: [tool.frtlint] 'impact-assessment' must be a path or glob inside the project, not '{table['impact-assessment']}'")
    if table.get("impact-assessment-max-age-days", 1) < 1:
        raise ConfigError(f"{path}: [tool.frtlint] 'impact-assessment-max-age-days' must be 1 or more, not {table['impact-assessment-max-age-days']}")
    if "jobs" in table and table["jobs"] < 0:
        raise ConfigError(f"{path}: [tool.frtlint] 'jobs' must be 0 (one per CPU) or more, not {table['jobs']}")
    for key, value in table.get("catalog", {}).items():
        if key not in EXTENSION_KEYS:
            raise ConfigError(f"{path}: [tool.frtlint.catalog] unknown key '{key}'{did_you_mean(key, EXTENSION_KEYS)}")
        _check_catalog_value(key, value, path)
    rule_options: Dict[str, Dict[str, Any]] = {}
    for rule_id, options in table.get("rules", {}).items():
        if rule_id.upper() not in known_ids:
            raise ConfigError(f"{path}: [tool.frtlint.rules] unknown rule id '{rule_id}'{rule_suggestion(rule_id)}")
        rule = next(r for r in all_rules() if r.id == rule_id.upper())
        if not isinstance(options, dict):
            raise ConfigError(f"{path}: [tool.frtlint.rules.{rule_id}] must be a table")
        for option in options:
            if option not in rule.options:
                raise ConfigError(f"{path}: [tool.frtlint.rules.{rule_id}] unknown option '{option}'{did_you_mean(option, rule.options)}")
        rule_options[rule_id.upper()] = dict(options)
    settings = replace(
        settings,
        select=list(table.get("select", settings.select)),
        ignore=list(table.get("ignore", [])),
        extend_select=list(table.get("extend-select", [])),
        per_file_ignores={k: list(v) for k, v in table.get("per-file-ignores", {}).items()},
        exclude=list(table.get("exclude", settings.exclude)),
        extend_exclude=list(table.get("extend-exclude", [])),
        fail_on=table.get("fail-on", settings.fail_on),
        regime=table.get("regime", settings.regime),
        engine=table.get("engine", settings.engine),
        jobs=table.get("jobs", settings.jobs),
        cache_dir=table.get("cache-dir", settings.cache_dir),
        respect_gitignore=table.get("respect-gitignore", True),
        force_exclude=table.get("force-exclude", False),
        catalog=dict(table.get("catalog", {})),
        rule_options=rule_options,
        impact_assessment=table.get("impact-assessment", settings.impact_assessment),
        impact_assessment_max_age_days=table.get("impact-assessment-max-age-days", settings.impact_assessment_max_age_days),
    )
    return settings


_MAX_TEXT = 1000
_NAME_TABLES = ("methods", "constructors")  # name -> string
_NAME_TABLE_OR_LIST = ("sensitive-attributes",)  # a list of names, or name -> string
_API_FIELDS = {"kind": str, "output": str, "input": str, "attributes": dict, "threshold": dict}


def _check_text(value: Any, path: Path, what: str) -> None:
    if not isinstance(value, str) or not value or "\0" in value or len(value) > _MAX_TEXT:
        raise ConfigError(
            f"{path}: [tool.frtlint] {what} must be a non-empty string without NUL, at most {_MAX_TEXT} characters"
        )


def _check_catalog_value(key: str, value: Any, path: Path) -> None:
    """Every catalog extension against its shape: a table of names or a list of names."""
    where = f"{path}: [tool.frtlint.catalog] '{key}'"
    if key == "apis":
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table: qualified name = kind, or a table with kind")
        for name, spec in value.items():
            spec = {"kind": spec} if isinstance(spec, str) else spec
            if not isinstance(spec, dict) or not isinstance(spec.get("kind"), str):
                raise ConfigError(f"{where}: '{name}' must be a kind ({', '.join(FACE_KINDS)}) or a table with kind")
            if spec["kind"] not in FACE_KINDS:
                raise ConfigError(f"{where}: '{name}' has unknown kind '{spec['kind']}' (one of {', '.join(FACE_KINDS)})")
            for field_name, field_value in spec.items():
                expected = _API_FIELDS.get(field_name)
                if expected is None:
                    raise ConfigError(f"{where}: '{name}' has unknown field '{field_name}'")
                if not isinstance(field_value, expected):
                    raise ConfigError(f"{where}: '{name}.{field_name}' must be {_type_name((expected,))}")
            if spec.get("output", "record") not in OUTPUTS:
                raise ConfigError(f"{where}: '{name}.output' must be one of {', '.join(OUTPUTS)}")
        return
    if key in _NAME_TABLES or (key in _NAME_TABLE_OR_LIST and isinstance(value, dict)):
        if not isinstance(value, dict) or not all(isinstance(v, str) and v and len(v) <= _MAX_TEXT for v in value.values()):
            raise ConfigError(f"{where} must be a table of name = string")
        return
    if not isinstance(value, list) or not all(isinstance(v, str) and v and len(v) <= _MAX_TEXT for v in value):
        raise ConfigError(f"{where} must be a list of names (strings)")


def _check_selector(selector: Any, known: set, path: Path, key: str) -> None:
    if not isinstance(selector, str):
        raise ConfigError(f"{path}: [tool.frtlint] '{key}' must list rule ids as strings")
    if selector.upper() == "ALL":
        return
    if not any(rule_id.startswith(selector.upper()) for rule_id in known):
        raise ConfigError(f"{path}: [tool.frtlint] '{key}' names unknown rule '{selector}'{rule_suggestion(selector)}")


def validate_selectors(selectors: Sequence[str], option: str) -> None:
    known = {r.id for r in all_rules()}
    for selector in selectors:
        if selector.upper() != "ALL" and not any(rule_id.startswith(selector.upper()) for rule_id in known):
            from frtlint.errors import UsageError

            raise UsageError(f"{option}: unknown rule '{selector}'{rule_suggestion(selector)}")


def _type_name(types: Tuple[type, ...]) -> str:
    names = {list: "a list", dict: "a table", str: "a string", int: "an integer", bool: "true or false"}
    return " or ".join(names[t] for t in types)
