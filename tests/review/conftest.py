"""Fixtures of the review tests: a tiny extraction folder, and a headless chromium for the browser tests.

The browser and its driver come from the Debian packages chromium and
chromium-driver (.ci/run installs them), driven by selenium without
selenium-manager: nothing is downloaded.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser():
    """A selenium WebDriver on headless chromium, with a throw-away profile."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.skip(f"browser test needs Debian's chromium and chromium-driver ({', '.join(missing)} missing; "
                    f"apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ie-review-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)  # with the driver path given too, selenium-manager is never run
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # so a test can see the page's JS errors
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# --- a tiny extraction folder: one report with a table, nested and crossing entities, every check status ---
TEXT = ("项目名称\t预算数\t得分\n培训<项目>\t10万元\t9.5\n合计\t10万元\t9.5\n\n"
        "说明：A&B \"quoted\" 完成率95%。\r\n结束</script>")


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the nth occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _entity(eid: int, label: str, where: tuple[int, int], **attrs: object) -> dict:
    return {"id": eid, "label": label, "start_offset": where[0], "end_offset": where[1], **attrs}


def make_records() -> tuple[list[dict], list[dict]]:
    """Three records (a table report, an empty one, one without checks) and the checks of the first."""
    money = {"value": "100000", "unit": "元", "approx": "exact", "value_status": "ok"}
    entities = [
        _entity(1, "TASK", span(TEXT, "培训<项目>")),
        _entity(2, "MONEY", span(TEXT, "10万元"), **money, role="actual", indicator_key="budget.amount",
                key_level1="产出", key_level2="成本"),
        _entity(3, "SCORE", span(TEXT, "9.5"), value="9.5", unit="分", approx="exact", value_status="ok",
                role="score"),
        _entity(4, "INDICATOR", span(TEXT, "预算数")),
        _entity(5, "INDICATOR", span(TEXT, "得分")),
        _entity(6, "PERCENT", span(TEXT, "95%"), value="0.95", unit="%", approx="exact", value_status="ok"),
        _entity(7, "INDICATOR", span(TEXT, "完成率")),
        _entity(8, "ORG", (span(TEXT, "A&B")[0], span(TEXT, "完成率")[1])),        # holds INDICATOR 7
        _entity(9, "TASK", (span(TEXT, "合计")[0], span(TEXT, "10万元", 1)[0] + 2)),  # crosses a cell border
        _entity(10, "MONEY", span(TEXT, "10万元", 1), **money),                     # crosses TASK 9
    ]
    relations = [{"id": 1, "from_id": 2, "to_id": 4, "type": "indicator"},
                 {"id": 2, "from_id": 2, "to_id": 1, "type": "task"},
                 {"id": 3, "from_id": 3, "to_id": 5, "type": "indicator"},
                 {"id": 4, "from_id": 6, "to_id": 7, "type": "indicator"}]
    records = [
        {"id": 1, "text": TEXT, "meta": {"source": "a<b>.txt", "unit": "某县财政局", "year": 2023, "kind": "绩效自评表",
                                         "score": "95.5", "grade": "优", "model": "rules_zh"},
         "entities": entities, "relations": relations},
        {"id": 2, "text": "", "meta": {"source": "empty.txt"}, "entities": [], "relations": []},
        {"id": 3, "text": "征集提案565件。", "meta": {"source": "plain.txt", "score": "80"},
         "entities": [_entity(1, "COUNT", (4, 8), value="565", unit="件", approx="exact", value_status="ok")],
         "relations": []},
    ]
    score = span(TEXT, "9.5")
    quantity = {"start": score[0], "end": score[1], "text": "9.5", "label": "SCORE", "value": "9.5", "role": "score",
                "indicator": "得分"}
    row = span(TEXT, "10万元\t9.5")
    checks = [
        {"document": 1, "source": "a<b>.txt", "check": 1, "rule": "score.within_weight", "status": "fail",
         "message": "得分 9.5 超过分值 9 <b>", "why": None, "stated": "9.5", "computed": "9",
         "start": score[0], "end": score[1], "quantities": [quantity]},
        {"document": 1, "source": "a<b>.txt", "check": 2, "rule": "sum.rows", "status": "pass",
         "message": "合计相符", "why": None, "stated": "10", "computed": "10", "start": row[0], "end": row[1],
         "quantities": []},
        {"document": 1, "source": "a<b>.txt", "check": 3, "rule": "grade.band", "status": "cannot_check",
         "message": "无法核对等级", "why": "未找到等级标准", "stated": None, "computed": None, "start": None,
         "end": None, "quantities": []},
        {"document": 1, "source": "a<b>.txt", "check": 4, "rule": "rate.of", "status": "not_applicable",
         "message": "不适用", "why": "没有预算数", "stated": None, "computed": None, "start": None, "end": None,
         "quantities": [{**quantity, "start": span(TEXT, "95%")[0], "end": span(TEXT, "95%")[1], "label": "PERCENT"}]},
    ]
    return records, checks


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def write_jsonl():
    """``write_jsonl(path, rows)``: write rows as a JSONL file."""
    return _write_jsonl


@pytest.fixture
def sample() -> tuple[list[dict], list[dict]]:
    """The records and check rows of the tiny extraction (the first record's text is ``TEXT``)."""
    return make_records()


@pytest.fixture
def out_dir(tmp_path: Path, sample: tuple[list[dict], list[dict]]) -> Path:
    """An extraction folder with predictions.jsonl and checks.jsonl."""
    records, checks = sample
    _write_jsonl(tmp_path / "predictions.jsonl", records)
    _write_jsonl(tmp_path / "checks.jsonl", checks)
    return tmp_path


class HTMLTree(HTMLParser):
    """The text of some HTML (references resolved), and whether every element closes in order."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@pytest.fixture
def parse():
    """``parse(html)``: an :class:`HTMLTree` of the fed HTML."""
    def run(html: str) -> HTMLTree:
        tree = HTMLTree()
        tree.feed(html)
        tree.close()
        return tree
    return run
