"""Models of the stages app."""
