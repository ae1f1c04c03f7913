"""Every message a user can see, in one catalogue; each says what to do.

Library code raises :class:`IEError` subclasses with a code from
:class:`Errors`; only ``ie/cli`` prints them (one line, no traceback).
"""
from __future__ import annotations


class Errors:
    """Message templates, formatted with ``str.format`` keyword arguments."""

    E001 = "{path}: file not found. Check the path, or pass a folder of reports."
    E002 = "{path}: file is empty. Remove it from the batch or re-export the report."
    E003 = "{path}: looks binary (NUL bytes), not text. Pass a .txt export of the report."
    E004 = ("{path}: cannot decode as UTF-8 or GB18030 (first bad byte at {offset}). "
            "Re-save the file as UTF-8.")
    E005 = ("{path}: {size_mb:.1f} MB is over the {limit_mb} MB limit for one report. "
            "Split the file, or raise the limit with --max-mb.")
    E006 = "{path}: no report files (*.txt) found in this folder. Point ie at a folder of .txt reports."
    E007 = "{path}: unsupported file type '{suffix}'. Convert it to .txt (UTF-8)."
    E008 = "{path}: cannot read ({reason}). Check the file's permissions."
    E010 = ("Model '{model}' not found. Use a folder under models/ (see README) or "
            "'--model rules' for the rules-only pipeline.")
    E011 = ("Unknown segmenter '{name}'. Choose one of: {choices}.")
    E012 = ("pkuseg model not found in {path}. Run 'ie segment fetch-pkuseg' once to download "
            "and verify it (needs access to PyPI).")
    E013 = ("pkuseg package hash mismatch: expected {expected}, got {actual}. The download is "
            "corrupt or tampered with; delete {path} and run 'ie segment fetch-pkuseg' again.")
    E014 = "Could not download pkuseg from PyPI: {reason}. Check the network or pip configuration."
    E020 = "{path}:{line}: not valid JSON ({reason}). Fix the line or re-export it from doccano."
    E021 = "{path}:{line}: {problem}"
    E022 = "{path}: no such annotation file. Check the path."
    E030 = "Output folder {path} is not writable ({reason}). Choose another --output."
    # --- E100-E199: doccano (ie/doccano) ---
    # --- end doccano ---
    # --- E200-E299: evaluation (ie/evaluation) ---
    # --- end evaluation ---
    # --- E300-E399: quantity grammar and values (ie/pipeline/quantities.py) ---
    # --- end quantities ---
    # --- E400-E499: training (ie/training) ---
    # --- end training ---


class IEError(Exception):
    """An error whose message is meant for the user, as one line."""

    def __init__(self, code: str, **kwargs: object) -> None:
        self.code = code
        self.kwargs = kwargs
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**kwargs))


class InputError(IEError):
    """A report file cannot be read; the batch records it and goes on."""


class ModelError(IEError):
    """A model, segmenter or resource cannot be loaded."""


class AnnotationError(IEError):
    """An annotation file breaks the contract."""
