"""The finding and its helpers, as existing imports name them; they live in `frtlint.model`."""

from frtlint.model import SEVERITY_ORDER, Evidence, Finding, articles_label, assign_fingerprints, meets

__all__ = ["SEVERITY_ORDER", "Evidence", "Finding", "articles_label", "assign_fingerprints", "meets"]
