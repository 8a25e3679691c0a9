"""Comparison plots (matplotlib, imported lazily): one module per subject."""
