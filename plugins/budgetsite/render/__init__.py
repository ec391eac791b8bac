"""Rendering records to Markdown and HTML fragments."""
