"""Writes of candidate vetting: nominations, joint review (联审), 公示, formal list."""

__all__: list[str] = []
