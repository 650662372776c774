"""Views of the candidates app, split by sub-domain (vetting, elections)."""
