"""The compliance report: the project against each article, for the reviewer who signs off.

One run of the engine gives the findings (active and suppressed) and the facts; the
report adds, per article of the chosen regime, what it asks and a status, the audit
trail of suppressions, and an inventory of where face data is handled. Formats: HTML
(one self-contained page), Markdown, JSON; `pipia` writes an impact-assessment skeleton.
The `frtlint report` command that runs it is `frtlint.cli_report`.
"""
