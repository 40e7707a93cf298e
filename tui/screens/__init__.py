"""Screens of the dlprep TUI, one module per screen."""
