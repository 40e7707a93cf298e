"""Concept cards: card model, YAML deck loader and validator, FSRS scheduling, SQLite store, stats."""
