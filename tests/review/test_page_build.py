"""ie.review.page: one report's page, its highlights, tooltips, grid and audit panel."""
from __future__ import annotations

import json
import re

from ie.review.page import build_page

ARTICLE = re.compile(r'<article id="text" class="text">(.*?)</article>', re.S)
DATA = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)


def article(html: str) -> str:
    return ARTICLE.search(html).group(1)


def page_data(html: str) -> dict:
    return json.loads(DATA.search(html).group(1))


def test_page_build_text_is_every_character_once_in_order(sample, parse):
    records, checks = sample
    built = build_page(records[0], checks)
    tree = parse(article(built.html))
    assert tree.text == records[0]["text"]
    assert not tree.problems and not tree.stack
    assert not parse(built.html).problems


def test_page_build_one_highlight_per_entity_with_its_label(sample):
    records, checks = sample
    built = build_page(records[0], checks)
    ids: dict[int, set[str]] = {}
    for label, eid in re.findall(r'<span class="ent l-(\w+)" data-id="(-?\d+)"', built.html):
        ids.setdefault(int(eid), set()).add(label)
    assert sorted(ids) == [e["id"] for e in records[0]["entities"]]
    assert all(ids[e["id"]] == {e["label"]} for e in records[0]["entities"])
    assert built.entities == 10 and built.labels["INDICATOR"] == 3 and built.skipped == 0


def test_page_build_table_drawn_as_grid_with_highlights_in_cells(sample):
    records, checks = sample
    built = build_page(records[0], checks)
    assert built.grids == 1
    assert re.search(r'<td><span class="sep">\t</span>(?:<span class="ck"[^>]*>)?'
                     r'<span class="ent l-MONEY" data-id="2"[^>]*>10万元</span>', built.html)
    # the TASK that crosses a cell border is cut into fragments of one id, one in each cell
    assert len(re.findall(r'data-id="9"', built.html)) >= 2


def test_page_build_escapes_text_attributes_and_data(sample):
    records, checks = sample
    text = records[0]["text"]
    end = text.index("</script>")
    records[0]["entities"].append({"id": 11, "label": "TASK", "start_offset": end - 2, "end_offset": len(text)})
    built = build_page(records[0], checks)
    assert "培训&lt;项目&gt;" in built.html
    assert ">A&amp;B \"quoted\" <" in article(built.html)             # text: quotes as they are
    assert 'title="ORG 单位: A&amp;B &quot;quoted&quot; 完成率"' in built.html  # attribute: quotes escaped
    assert "<项目>" not in built.html and "a<b>" not in built.html
    assert built.html.count("</script>") == 2  # the data and the script; the text's </script> is escaped
    assert "得分 9.5 超过分值 9 &lt;b&gt;" in built.html
    assert page_data(built.html)["entities"]["1"]["text"] == "培训<项目>"
    assert page_data(built.html)["entities"]["11"]["text"] == "结束</script>"


def test_page_build_tooltip_shows_value_unit_role_key_indicator_task(sample):
    records, checks = sample
    title = re.search(r'data-id="2" title="([^"]*)"', build_page(records[0], checks).html).group(1)
    for part in ("value: 100000", "unit: 元", "approx: exact", "role: actual", "indicator_key: budget.amount",
                 "key_level1: 产出", "indicator: 预算数", "task: 培训&lt;项目&gt;"):
        assert part in title


def test_page_build_links_quantities_to_indicators_and_back(sample):
    records, checks = sample
    data = page_data(build_page(records[0], checks).html)
    assert data["entities"]["2"]["indicator"] == [4] and data["entities"]["2"]["task"] == [1]
    assert data["entities"]["4"]["quantities"] == [2] and data["entities"]["7"]["quantities"] == [6]


def test_page_build_panel_lists_checks_worst_first_and_marks_their_places(sample):
    records, checks = sample
    built = build_page(records[0], checks)
    statuses = re.findall(r'<li class="check st-(\w+)', built.html)
    assert statuses == ["fail", "cannot_check", "not_applicable", "pass"]
    assert dict(built.checks) == {"fail": 1, "cannot_check": 1, "not_applicable": 1, "pass": 1}
    # the fail and the pass have a span in the text; the not_applicable one is placed by its quantity
    assert re.search(r'<span class="ck" data-ck="0">(?:<span class="ck"[^>]*>)*<span class="ent l-SCORE" data-id="3"',
                     built.html)
    assert 'data-ck="1"' in article(built.html)
    assert page_data(built.html)["checks"]["3"]["quantities"] == [6]
    assert re.search(r'class="check st-cannot_check unplaced" data-ck="2"', built.html)
    assert re.findall(r'class="status-filter" value="(\w+)"', built.html) == [
        "fail", "cannot_check", "not_applicable", "pass"]


def test_page_build_without_audit_says_it_was_not_run(sample):
    records, _ = sample
    built = build_page(records[0], None)
    assert built.checks is None and "the audit was not run" in built.html
    assert 'class="ck"' not in built.html


def test_page_build_empty_report(sample, parse):
    records, _ = sample
    built = build_page(records[1], [])
    assert article(built.html) == "" and built.entities == 0
    assert "本报告没有可做的检查" in built.html and not parse(built.html).problems


def test_page_build_skips_entities_outside_the_text(sample, parse):
    record = sample[0][2]
    record["entities"].append({"id": 9, "label": "MONEY", "start_offset": 5, "end_offset": 99})
    record["entities"].append({"id": 10, "label": "WEIRD", "start_offset": 0, "end_offset": 2})
    built = build_page(record, None)
    assert built.skipped == 1 and built.entities == 2
    assert 'class="ent l-OTHER" data-id="10"' in built.html
    assert parse(article(built.html)).text == record["text"]


def test_page_build_is_self_contained(sample):
    html = build_page(sample[0][0], sample[1]).html
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)=', html)
    assert "http://" not in html and "https://" not in html and "<style>" in html
