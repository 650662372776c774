"""Models of candidate elections."""

__all__: list[str] = []
