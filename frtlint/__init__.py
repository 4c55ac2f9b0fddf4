"""frtlint: a linter for facial recognition code, mapped to China's FRT rules."""

__version__ = "0.1.0"
