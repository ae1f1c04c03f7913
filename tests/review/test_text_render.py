"""ie.review.text: every character once and in order, marks properly nested, tables as grids."""
from __future__ import annotations

import random
import re

from ie.review.text import Mark, MarkSweep, render_marked, render_text


def mark(start: int, end: int, name: str) -> Mark:
    return Mark(start, end, f'<span data-id="{name}">')


def test_text_render_keeps_every_character_once_in_order(parse):
    text = "甲\t乙\t丙\n1<2\t3&4\t\"5\"\n\n正文 a\r\nb\t\tc\n结束"
    marks = [mark(0, 3, "a"), mark(2, 9, "b"), mark(4, 12, "c"), mark(12, len(text), "d")]
    html, grids = render_text(text, marks)
    tree = parse(html)
    assert tree.text == text
    assert not tree.problems and not tree.stack
    assert grids == 1


def test_text_render_crossing_marks_become_nested_fragments_of_one_id(parse):
    text = "abcdefgh"
    html = render_marked(text, 0, len(text), [mark(1, 5, "x"), mark(3, 7, "y"), mark(3, 4, "z")])
    tree = parse(html)
    assert not tree.problems and not tree.stack
    # y opens inside x, is closed with it at 5 and reopened: two fragments, one id
    assert html.count('data-id="y"') == 2 and html.count('data-id="x"') == 1
    assert html == ('a<span data-id="x">bc<span data-id="y"><span data-id="z">d</span>e</span></span>'
                    '<span data-id="y">fg</span>h')


def test_text_render_same_extent_orders_by_rank():
    html = render_marked("ab", 0, 2, [Mark(0, 2, "<span class=in>", 2), Mark(0, 2, "<span class=out>", 1)])
    assert html == "<span class=out><span class=in>ab</span></span>"


def test_text_render_table_is_a_grid_with_hidden_separators(parse):
    text = "说明\n项目\t预算数\t执行数\n培训\t10\t9\n合计\t10\t9\n尾"
    html, grids = render_text(text, [])
    assert grids == 1
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert len(cells) == 9
    assert re.sub(r"<span class=\"sep\">.*?</span>", "", cells[4], flags=re.S) == "10"
    assert html.startswith("说明\n<div class=\"grid-wrap\"><table class=\"grid\"")
    assert parse(html).text == text


def test_text_render_mark_across_cells_is_cut_at_the_cell_border(parse):
    text = "项目\t预算数\t执行数\n培训\t10\t9\n合计\t10\t9"
    start = text.index("培训")
    html, _ = render_text(text, [mark(start, start + 5, "m")])  # 培训\t10
    tree = parse(html)
    assert not tree.problems
    assert html.count('data-id="m"') == 3  # the cell 培训, the tab (hidden), the cell 10
    assert tree.text == text


def test_text_render_escapes_markup_and_keeps_carriage_returns():
    html, _ = render_text("<b>&\r\n", [])
    assert html == "&lt;b&gt;&amp;&#13;\n"


def test_text_render_empty_text():
    assert render_text("", [mark(0, 0, "x")]) == ("", 0)


def test_text_render_random_marks_over_tables_keep_text_and_nesting(parse):
    rng = random.Random(7)
    text = "前言\n" + "".join(f"项目{i}\t预算数\t{i}万元\n培训\t{i}\t9\n" for i in range(5)) + "\n尾声 | a | b |\n结束"
    for _ in range(50):
        marks = []
        for n in range(rng.randint(0, 30)):
            start = rng.randrange(len(text))
            marks.append(mark(start, rng.randint(start + 1, min(len(text), start + 40)), str(n)))
        html, _ = render_text(text, marks)
        tree = parse(html)
        assert tree.text == text
        assert not tree.problems and not tree.stack
        assert {int(i) for i in re.findall(r'data-id="(\d+)"', html)} == set(range(len(marks)))


def test_text_render_sweep_finds_the_same_marks_as_a_scan():
    rng = random.Random(3)
    marks = [mark(s, s + rng.randint(1, 50), str(n)) for n, s in enumerate(rng.randrange(500) for _ in range(200))]
    sweep = MarkSweep(marks)
    pos = 0
    while pos < 520:
        end = pos + rng.randint(0, 15)
        assert set(sweep.overlapping(pos, end)) == {m for m in marks if m.start < end and m.end > pos}
        pos = end + rng.randint(0, 3)
