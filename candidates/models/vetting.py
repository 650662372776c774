"""Models of candidate vetting."""

__all__: list[str] = []
