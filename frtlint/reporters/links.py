"""Where a rule's page is published, for the formats that link to it."""

# Rule pages (docs/rules/FRTnnn.md) as published with the repository.
DOCS_BASE_URL = "https://github.com/frtlint/frtlint/blob/main/docs/rules/"


def docs_url(rule_id: str) -> str:
    return f"{DOCS_BASE_URL}{rule_id}.md"
