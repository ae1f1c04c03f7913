"""Linking quantities to their INDICATOR and TASK: candidates from rules and tables, a learned choice."""
