DEFAULT_TEMPLATES: list[dict] = []
