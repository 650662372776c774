"""Reads of candidate vetting: nominations, review items, ledgers."""

__all__: list[str] = []
