"""A rule's options for a run: its `[tool.frtlint.rules.X]` table, plus what a project-level
rule derives from the settings (the rules themselves never read the configuration)."""

from __future__ import annotations

from typing import Any, Dict, Type

from frtlint.checks.base import ProjectInputs, Rule
from frtlint.config import Settings


def project_inputs(settings: Settings) -> ProjectInputs:
    return ProjectInputs(
        root=settings.root,
        config_file=settings.source,
        selected=(*settings.select, *settings.extend_select),
        impact_assessment=settings.impact_assessment,
        impact_assessment_max_age_days=settings.impact_assessment_max_age_days,
    )


def rule_options(settings: Settings, rule_class: Type[Rule]) -> Dict[str, Any]:
    options = dict(settings.rule_options.get(rule_class.id, {}))
    options.update(rule_class.options_from_project(project_inputs(settings)))
    return options
