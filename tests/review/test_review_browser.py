"""The review pages in a real browser (headless Debian chromium): highlights, details, checks, filters, sorting."""
from __future__ import annotations

import pytest

from ie.review import build_review

pytestmark = pytest.mark.slow

PREFACE = "前言。\n" * 400  # pushes the report's table far below the first screen, so a jump must scroll


def _shifted(sample: tuple[list[dict], list[dict]]) -> tuple[list[dict], list[dict]]:
    """The sample with a long preface before the first report's text (all its offsets moved)."""
    records, checks = sample
    n = len(PREFACE)
    first = records[0]
    first["text"] = PREFACE + first["text"]
    for ent in first["entities"]:
        ent["start_offset"] += n
        ent["end_offset"] += n
    for row in checks:
        if row["start"] is not None:
            row["start"] += n
            row["end"] += n
        for q in row["quantities"]:
            q["start"] += n
            q["end"] += n
    return records, checks


@pytest.fixture
def pages(tmp_path, sample, write_jsonl):
    """The review pages of the sample, its first report behind a long preface; and the records."""
    records, checks = _shifted(sample)
    write_jsonl(tmp_path / "predictions.jsonl", records)
    write_jsonl(tmp_path / "checks.jsonl", checks)
    return build_review(tmp_path), records


def _errors(browser) -> list:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _in_view(browser, element) -> bool:
    return browser.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;", element)


def test_review_browser_page_highlights_hover_checks_and_filters(browser, pages, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    result, records = pages
    browser.get(result.pages[0].as_uri())
    find = browser.find_element

    # the text is the report's, character for character; one highlight (by id) per entity, per label
    assert browser.execute_script("return document.getElementById('text').textContent") == records[0]["text"]
    per_label = browser.execute_script(
        "var seen = {}; document.querySelectorAll('#text .ent').forEach(function (el) {"
        "  var l = el.className.match(/l-(\\w+)/)[1]; (seen[l] = seen[l] || {})[el.dataset.id] = 1; });"
        "var n = {}; Object.keys(seen).forEach(function (l) { n[l] = Object.keys(seen[l]).length; }); return n;")
    expected: dict[str, int] = {}
    for ent in records[0]["entities"]:
        expected[ent["label"]] = expected.get(ent["label"], 0) + 1
    assert per_label == expected
    assert len(browser.find_elements(By.CSS_SELECTOR, "#text table.grid tr")) == 3

    # hover a quantity: its details, and its INDICATOR and TASK highlighted
    money = find(By.CSS_SELECTOR, '.ent[data-id="2"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", money)
    ActionChains(browser).move_to_element(money).perform()
    details = find(By.ID, "details").text
    for part in ("MONEY", "100000", "元", "actual", "budget.amount", "预算数", "培训<项目>"):
        assert part in details
    assert "linked" in find(By.CSS_SELECTOR, '.ent[data-id="4"]').get_attribute("class")
    assert "linked" in find(By.CSS_SELECTOR, '.ent[data-id="1"]').get_attribute("class")
    assert "value: 100000" in money.get_attribute("title")

    # click pins it: moving away keeps the details
    score = find(By.CSS_SELECTOR, '.ent[data-id="3"]')
    score.click()
    ActionChains(browser).move_to_element(find(By.CSS_SELECTOR, '.ent[data-id="6"]')).perform()
    assert "已固定" in find(By.ID, "details").text and "得分" in find(By.ID, "details").text
    assert "linked" in find(By.CSS_SELECTOR, '.ent[data-id="5"]').get_attribute("class")

    # a failed check in the panel: scroll to its place and mark it
    browser.execute_script("window.scrollTo(0, 0)")
    place = find(By.CSS_SELECTOR, '#text .ck[data-ck="0"]')
    assert not _in_view(browser, place)
    find(By.CSS_SELECTOR, 'li.check[data-status="fail"]').click()
    WebDriverWait(browser, 5).until(lambda b: _in_view(b, place))
    assert {"marked", "flash"} <= set(place.get_attribute("class").split())
    assert "current" in find(By.CSS_SELECTOR, 'li.check[data-status="fail"]').get_attribute("class")
    # a check placed only by its quantity marks that quantity
    find(By.CSS_SELECTOR, 'li.check[data-status="not_applicable"]').click()
    assert "marked" in find(By.CSS_SELECTOR, '.ent[data-id="6"]').get_attribute("class")
    assert "marked" not in place.get_attribute("class")
    browser.save_screenshot(str(tmp_path / "page.png"))

    # filters: a label switched off loses its colour (its text stays); a status switched off hides its checks
    find(By.CSS_SELECTOR, 'input.label-filter[value="MONEY"]').click()
    background = "return getComputedStyle(arguments[0]).backgroundColor"
    assert browser.execute_script(background, money) == "rgba(0, 0, 0, 0)"
    assert browser.execute_script(background, score) != "rgba(0, 0, 0, 0)"
    assert money.text == "10万元"
    find(By.CSS_SELECTOR, 'input.status-filter[value="pass"]').click()
    assert not find(By.CSS_SELECTOR, 'li.check[data-status="pass"]').is_displayed()
    assert find(By.CSS_SELECTOR, 'li.check[data-status="fail"]').is_displayed()

    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _errors(browser) == []


def test_review_browser_index_sorts_and_links(browser, pages, tmp_path):
    from selenium.webdriver.common.by import By

    result, _ = pages
    browser.get(result.index.as_uri())

    def column(name: str) -> list[str]:
        heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.reports th")]
        col = heads.index(name) + 1
        return [td.text for td in browser.find_elements(By.CSS_SELECTOR, f"table.reports tbody td:nth-child({col})")]

    def header(name: str):
        return next(th for th in browser.find_elements(By.CSS_SELECTOR, "table.reports th") if th.text.startswith(name))

    assert column("报告 report") == ["a<b>.txt", "empty.txt", "plain.txt"]
    header("字数 chars").click()
    assert column("报告 report") == ["empty.txt", "plain.txt", "a<b>.txt"]
    assert header("字数 chars").get_attribute("aria-sort") == "ascending"
    header("字数 chars").click()
    assert column("报告 report") == ["a<b>.txt", "plain.txt", "empty.txt"]
    header("自评得分 score").click()  # numbers as numbers (80 < 95.5), the empty one last
    assert column("报告 report") == ["plain.txt", "a<b>.txt", "empty.txt"]
    browser.save_screenshot(str(tmp_path / "index.png"))
    browser.find_element(By.LINK_TEXT, "plain.txt").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "plain.txt"
    assert _errors(browser) == []
