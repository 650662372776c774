"""Views of the discipline app, one module per sub-domain."""
