"""``ie_tables``: read flattened tables, tag their bare numbers, remember cell links."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from ..tables.forms import Form, read_forms
from ..tables.keyed import read_keyed
from ..tables.grid import CellLink, find_tables, link_cells, row_tasks
from ..tables.vocabulary import Vocabulary, default_vocabulary
from .spans import char_spans, doc_text, put_spans, split_by_cells

TABLE_LINKS_KEY = "ie.table_links"
ROW_TASKS_KEY = "ie.row_tasks"
FORMS_KEY = "ie.forms"


def form_for(doc: Doc, start: int, end: int) -> Form | None:
    """The self-evaluation form whose extent holds ``[start, end)`` (its text cells included)."""
    for form in doc.user_data.get(FORMS_KEY, ()):
        if form.start <= start and end <= form.end:
            return form
    return None


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


def _cut_across_cells(doc: Doc, links: list[CellLink]) -> None:
    """Drop entities that run from a number cell into the unit cell after it (``123 次`` of a
    space-flattened table whose 单位 column holds 次): the cell's number is the quantity."""
    if not links:
        return
    keep = [ent for ent in doc.ents
            if not any(link.start == ent.start_char and ent.end_char > link.end for link in links)]
    if len(keep) != len(doc.ents):
        doc.ents = keep


def _drop_rubric_quantities(doc: Doc, rubric: list[tuple[int, int]], spans_key: str | None) -> None:
    """The quantity rules' spans inside a form's 指标解释 / 评分标准 cells go (guideline 14.4: how to score,
    ``基础数据信息真实(1分)``, is no quantity of the report); ORG there stay."""
    if not rubric:
        return

    def inside(span) -> bool:
        return span.label_ in QUANTITY_LABELS and any(a <= span.start_char and span.end_char <= b for a, b in rubric)

    if spans_key is None:
        kept = [e for e in doc.ents if not inside(e)]
        if len(kept) != len(doc.ents):
            doc.ents = kept
    elif spans_key in doc.spans:
        doc.spans[spans_key] = [s for s in doc.spans[spans_key] if not inside(s)]


class TableReader:
    """Tag bare numbers in table cells and record each cell's indicator, task and role."""

    def __init__(self, nlp: Language, name: str = "ie_tables", *, tag_bare_numbers: bool = True,
                 spans_key: str | None = None) -> None:
        install_extensions()
        self.name = name
        self.tag_bare_numbers = tag_bare_numbers
        # None: set doc.ents; a key: write candidates there for the ner (ie.ml.rule_features)
        self.spans_key = spans_key
        self.vocabulary_data = default_vocabulary()
        self.vocabulary = Vocabulary(self.vocabulary_data)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # self-evaluation forms first (any flattening); then grids of lines for the other tables
        forms = read_forms(text, self.vocabulary)
        links: list[CellLink] = [
            CellLink(v.start, v.end, v.label, v.indicator, v.task, v.role, v.table_unit, v.level1, v.level2, k)
            for k, form in enumerate(forms) for v in form.values]
        taken = [(link.start, link.end) for link in links]
        tasks: list[tuple[int, int, tuple[int, int]]] = []
        for table in find_tables(text):
            if any(s < table.end and table.start < e for s, e in taken):
                continue
            links.extend(link_cells(text, table))
            tasks.extend(row_tasks(text, table))
        # amounts flattened to ``label: number`` lines under a unit heading, which neither reading claims
        links.extend(read_keyed(text, self.vocabulary, [(link.start, link.end) for link in links]))
        _drop_rubric_quantities(doc, [span for form in forms for span in form.rubric], self.spans_key)
        doc.user_data[TABLE_LINKS_KEY] = links
        doc.user_data[ROW_TASKS_KEY] = tasks
        doc.user_data[FORMS_KEY] = forms
        if self.spans_key is None:
            _cut_across_cells(doc, [link for link in links if link.unit_cell])
        items = [(s, e, "ORG") for form in forms for s, e in form.orgs]
        if self.tag_bare_numbers:
            items += [(link.start, link.end, link.label) for link in links if link.label is not None]
        spans = char_spans(doc, items, self.name)
        if self.spans_key is None:
            # a rule entity the table reader cut into cells gives way to its cells
            kept = split_by_cells(doc.ents, [s for s in spans if s.label_ != "ORG"])
            if len(kept) != len(doc.ents):
                doc.ents = kept
        put_spans(doc, spans, self.spans_key)
        annotate_table_roles(doc)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "forms.json", self.vocabulary_data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "TableReader":
        file = Path(path) / "forms.json"
        if file.is_file():  # pipelines saved before the form vocabulary keep the shipped one
            self.vocabulary_data = srsly.read_json(file)
            self.vocabulary = Vocabulary(self.vocabulary_data)
        return self


@Language.factory(
    "ie_tables",
    default_config={"tag_bare_numbers": True, "spans_key": None},
    assigns=["doc.ents", "doc.spans", "span._.role", "span._.table_unit"],
)
def make_table_reader(nlp: Language, name: str, tag_bare_numbers: bool, spans_key: str | None) -> TableReader:
    """Factory for :class:`TableReader` (``spans_key``: candidates for the ner, as in ``ie_quantity_rules``)."""
    return TableReader(nlp, name, tag_bare_numbers=tag_bare_numbers, spans_key=spans_key)
