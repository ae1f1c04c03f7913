"""Run an ie pipeline over the gold texts to get prediction records."""
from __future__ import annotations

from spacy.language import Language

from ..api import extract
from ..export.records import to_contract_record
from .align import assemble_documents


def pipeline_predictions(gold_records: list[dict], nlp: Language) -> list[dict]:
    """One contract record per gold report, predicted by ``nlp`` on the report's text."""
    documents, _ = assemble_documents(gold_records)
    records = []
    for n, (source, document) in enumerate(sorted(documents.items()), 1):
        result = extract(document.text, nlp, source=source)
        records.append(to_contract_record(result, n))
    return records
