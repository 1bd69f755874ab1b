"""Markdown → typed content model (markdown-it-py)."""
