"""The project as a rule that ignores test files sees it (`Rule.skip_tests`)."""

from __future__ import annotations

from typing import Any, List

from frtlint.analysis.facts import ModuleFacts
from frtlint.analysis.project import Project


class WithoutTests:
    """`modules` leaves out test files; everything else (functions, callers, targets, and
    the analyses rules share through `shared()`) is the whole project's, so a call from a test
    still counts where it did, only the rule's own walk over the modules skips tests."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self.modules: List[ModuleFacts] = [m for m in project.modules if not m.is_test]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._project, name)
