"""Model architectures of the ie ``ner`` (registered in spaCy's ``architectures`` registry)."""
