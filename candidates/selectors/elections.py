"""Reads of candidate elections (meetings, elections, results, structure analysis)."""

__all__: list[str] = []
