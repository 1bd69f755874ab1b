"""Pydantic models: the single source of truth for files and content.

``course`` holds what authors write (course.yaml, module.yaml, front matter);
``content`` holds the typed content model the Markdown parser produces.
"""
