"""Integrations with tools people already run: flake8 (and editors through it)."""
