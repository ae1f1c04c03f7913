"""Registered functions for spaCy's own CLI (``--code training/functions.py``).

Importing these modules registers the project's tokenizer
(``ie.zh_tokenizer.v1``) and the rule component factories, so that
``python -m spacy evaluate|package|train`` can load ie configs and models.
Once setup.cfg declares them as ``spacy_tokenizers`` / ``spacy_factories``
entry points this file is no longer needed, but it stays harmless.
"""
import ie.segment.tokenizer  # noqa: F401  (registers @tokenizers "ie.zh_tokenizer.v1")
from ie.training.train import import_rule_factories

import_rule_factories()
