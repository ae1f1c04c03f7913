"""``ie_tables``: read flattened tables, tag their bare numbers, remember cell links."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from .spans import char_spans, put_spans
from .tables import CellLink, find_tables, link_cells, row_tasks

TABLE_LINKS_KEY = "ie.table_links"
ROW_TASKS_KEY = "ie.row_tasks"


def row_task_for(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The TASK of the table row that holds ``[start, end)``, if that row has one."""
    for row_start, row_end, task in doc.user_data.get(ROW_TASKS_KEY, ()):
        if row_start <= start and end <= row_end:
            return task
    return None


def table_link_for(doc: Doc, start: int, end: int) -> CellLink | None:
    """The table cell link whose number overlaps ``[start, end)``, if any."""
    for link in doc.user_data.get(TABLE_LINKS_KEY, ()):
        if link.start < end and start < link.end:
            return link
    return None


def annotate_table_roles(doc: Doc) -> None:
    """Set ``._.role`` and ``._.table_unit`` on quantities that sit in table cells.

    Idempotent; run again after a ``ner`` placed after ``ie_tables`` has
    added entities of its own.
    """
    for ent in doc.ents:
        if ent.label_ in QUANTITY_LABELS and ent._.role is None and ent._.table_unit is None:
            link = table_link_for(doc, ent.start_char, ent.end_char)
            if link is not None:
                ent._.role = link.role
                ent._.table_unit = link.table_unit


class TableReader:
    """Tag bare numbers in table cells and record each cell's indicator, task and role."""

    def __init__(self, nlp: Language, name: str = "ie_tables", *, tag_bare_numbers: bool = True,
                 spans_key: str | None = None) -> None:
        install_extensions()
        self.name = name
        self.tag_bare_numbers = tag_bare_numbers
        # None: set doc.ents; a key: write candidates there for the ner (ie.ml.rule_features)
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        links: list[CellLink] = []
        tasks: list[tuple[int, int, tuple[int, int]]] = []
        text = doc.text
        for table in find_tables(text):
            links.extend(link_cells(text, table))
            tasks.extend(row_tasks(text, table))
        doc.user_data[TABLE_LINKS_KEY] = links
        doc.user_data[ROW_TASKS_KEY] = tasks
        if self.tag_bare_numbers:
            items = [(link.start, link.end, link.label) for link in links if link.label is not None]
            put_spans(doc, char_spans(doc, items, self.name), self.spans_key)
        annotate_table_roles(doc)
        return doc


@Language.factory(
    "ie_tables",
    default_config={"tag_bare_numbers": True, "spans_key": None},
    assigns=["doc.ents", "doc.spans", "span._.role", "span._.table_unit"],
)
def make_table_reader(nlp: Language, name: str, tag_bare_numbers: bool, spans_key: str | None) -> TableReader:
    """Factory for :class:`TableReader` (``spans_key``: candidates for the ner, as in ``ie_quantity_rules``)."""
    return TableReader(nlp, name, tag_bare_numbers=tag_bare_numbers, spans_key=spans_key)
