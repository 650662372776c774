"""Views of the stages app, split by page family."""
