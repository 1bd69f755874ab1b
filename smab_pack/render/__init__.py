"""Render a localised course to HTML, once per language."""
