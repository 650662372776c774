"""Views of the villages app, split by sub-domain."""
