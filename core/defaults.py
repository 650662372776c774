"""Defaults of the core app: one Django group per role."""

from .services import ensure_role_groups


def load_defaults() -> None:
    """Create the role groups and the office's admin permissions."""
    ensure_role_groups()
