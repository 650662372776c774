"""Settings: ``base`` (embedded default), ``test`` and ``production`` overrides."""
