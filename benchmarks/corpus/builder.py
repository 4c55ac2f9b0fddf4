"""Building one module: the `Module` being written, the `Gen` that fills templates with
seeded choices, and the `Project` a module belongs to.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

from corpus.vocabulary import BLUR_FUNCS, ENC_NAMES, IMG_NAMES, LOG_NAMES, REGIONS


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


# -- module builder ------------------------------------------------------------------------

@dataclass
class Module:
    """One generated file: header, imports, blocks, main."""

    kind: str
    docstring: str
    flags: Dict[str, bool]
    imports: List[str] = field(default_factory=list)
    preamble: List[str] = field(default_factory=list)  # constants, clients, app objects
    blocks: List[str] = field(default_factory=list)
    main: str = ""
    used: set = field(default_factory=set)

    def need(self, *lines: str) -> None:
        for line in lines:
            if line not in self.imports:
                self.imports.append(line)

    def unique(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.used:
            candidate = f"{name}_{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def render(self) -> str:
        stdlib: List[str] = []
        third: List[str] = []
        local: List[str] = []
        for line in self.imports:
            root = line.split()[1].split(".")[0]
            if root in _STDLIB:
                stdlib.append(line)
            elif root in _LOCAL:
                local.append(line)
            else:
                third.append(line)
        doc = self.docstring.strip()
        parts = ['"""' + doc + ('\n"""\n' if "\n" in doc else '"""\n')]
        groups = [sorted(stdlib, key=_import_key), sorted(third, key=_import_key), sorted(local, key=_import_key)]
        groups = [g for g in groups if g]
        if groups:
            parts.append("\n\n".join("\n".join(g) for g in groups) + "\n")
        if self.preamble:
            parts.append("\n".join(p.rstrip("\n") for p in self.preamble) + "\n")
        for block in self.blocks:
            parts.append("\n" + block.rstrip("\n") + "\n")
        if self.main:
            parts.append("\n" + self.main.rstrip("\n") + "\n")
        return "\n".join(parts)


_STDLIB = {
    "argparse", "base64", "collections", "contextlib", "csv", "dataclasses", "datetime", "enum",
    "functools", "hashlib", "hmac", "io", "itertools", "json", "logging", "math", "os", "pathlib",
    "pickle", "random", "re", "secrets", "shutil", "smtplib", "sqlite3", "statistics", "sys",
    "tempfile", "threading", "time", "typing", "uuid", "__future__", "email", "queue", "glob",
}
_LOCAL = {"config", "db", "utils", "settings", "storage", "helpers", "models", "registry", "notify"}


def _import_key(line: str) -> Tuple[int, str]:
    return (0 if line.startswith("import ") else 1, line.split()[1])


class Gen:
    """Random choices and template filling for one module."""

    def __init__(self, rng: random.Random, project: "Project", kind: str, flags: Dict[str, bool]) -> None:
        self.rng = rng
        self.project = project
        self.kind = kind
        self.flags = flags
        ent, ents = project.entity
        self.ctx: Dict[str, str] = {
            "org": project.org,
            "Org": project.org.capitalize(),
            "ORG": project.org.upper(),
            "place": project.place,
            "ent": ent,
            "ents": ents,
            "Ent": camel(ent),
            "img": rng.choice(IMG_NAMES),
            "enc": rng.choice(ENC_NAMES),
            "log": rng.choice(LOG_NAMES),
            "consent_attr": project.consent_attr,
            "consent_fn": project.consent_fn,
            "blur_fn": rng.choice(BLUR_FUNCS),
            "unlock_fn": project.unlock_fn,
            "id": f"{ent}_id",
            "cfg": project.config_module,
            "dbm": project.db_module,
            "util": project.utils_module,
            "region": rng.choice(REGIONS),
            "port": str(rng.randrange(5000, 9000)),
            "pin": str(rng.choice([4, 17, 18, 22, 23, 24, 25, 27])),
            "pin2": str(rng.choice([5, 6, 12, 13, 16, 19, 20, 21, 26])),
            "secs": str(rng.choice([2, 3, 4, 5])),
            "collection": f"{project.org}-{ents}-{rng.randrange(1, 99)}",
            "group": f"{project.org}_{project.place}",
        }
        self.mod = Module(kind=kind, docstring="", flags=dict(flags))

    def f(self, text: str, **extra: str) -> str:
        """Fill a template. A multi-line template is dedented by the indentation of its
        closing quotes, so a snippet keeps the indentation it has relative to them."""
        ctx = dict(self.ctx)
        ctx.update(extra)
        lines = text.split("\n")
        if len(lines) > 1 and lines[-1] and not lines[-1].strip():
            base = len(lines[-1])
            lines = [line[base:] if line[:base].isspace() else line.lstrip() for line in lines[:-1]]
            text = "\n".join(lines).strip("\n")
        return string.Template(text.rstrip("\n") + "\n").substitute(ctx)

    def name(self, *choices: str, **extra: str) -> str:
        ctx = dict(self.ctx)
        ctx.update(extra)
        return self.mod.unique(string.Template(self.rng.choice(choices)).substitute(ctx))

    def pick(self, seq: Sequence[str]) -> str:
        return self.rng.choice(list(seq))

    def flag(self, name: str) -> bool:
        return self.flags[name]


@dataclass
class Project:
    org: str
    place: str
    theme: str
    entity: Tuple[str, str]
    consent_attr: str
    consent_fn: str
    unlock_fn: str
    config_module: str
    db_module: str
    utils_module: str
    slug: str
