"""Views of meetings, elections, results and the structure analysis."""
