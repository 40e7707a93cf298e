"""Widgets of the dlprep TUI, one module per widget."""
