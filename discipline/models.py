"""Models of the discipline app."""
