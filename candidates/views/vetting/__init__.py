"""Views of candidate vetting, split by what the user is doing."""
