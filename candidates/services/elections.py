"""Writes of candidate elections (meetings, elections, results)."""

__all__: list[str] = []
