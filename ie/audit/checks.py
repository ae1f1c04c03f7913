"""The audit's rules: each looks at a report's own numbers and says pass, fail, not applicable or cannot check.

A check never fails because extraction is unsure: a value that was not read,
a row whose parts were not all found, or two candidates where one is
expected make it ``cannot_check``, with why. Every check lists the
quantities it used (offsets, text, value), the stated and the computed
figure, and one line in Chinese.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..contract import APPROX_AT_LEAST, APPROX_AT_MOST, APPROX_EXACT
from .facts import Fact, facts_of

PASS, FAIL, NOT_APPLICABLE, CANNOT_CHECK = "pass", "fail", "not_applicable", "cannot_check"
STATUSES: tuple[str, ...] = (PASS, FAIL, NOT_APPLICABLE, CANNOT_CHECK)

# the grade bands of 财预〔2020〕10号: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60
DEFAULT_BANDS: tuple[tuple[str, Decimal], ...] = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)),
                                                   ("差", Decimal(0)))
_BAND = re.compile(r"(\d{2,3})\s*分?\s*[（(]?含[)）]?\s*(?:分\s*)?(?:以上|及以上)[^。\n]{0,6}?为\s*[“\"‘]?([优良中])")
_NUMBER = re.compile(r"\d+(?:\.(\d+))?")

# sums: total key <- part keys (a part may be the INDICATOR or the TASK of a quantity)
SUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sum.basic_expense": ("expense.basic", ("expense.personnel", "expense.public")),
    "sum.expense": ("expense.total", ("expense.basic", "expense.project")),
    "sum.funds_sources": ("funds.total", ("funds.current_appropriation", "funds.carryover", "funds.other")),
}
# the measure a sum is taken over: the column (预算数, 执行数 …) or none stated
_MEASURES = ("funds.initial_budget", "funds.adjusted_budget", "funds.budget", "funds.execution")
_SUM_ITEMS = {key for total, parts in SUMS.values() for key in (total, *parts)}
# keys whose repeats within one report (same TASK) must agree
_REPEATABLE = ("funds.execution_rate", "funds.in_place_rate", "funds.initial_budget", "funds.adjusted_budget",
               "funds.execution", "score.total_score")


@dataclass
class Check:
    """One check of one report."""

    rule: str
    status: str
    message: str
    facts: list[Fact] = field(default_factory=list)
    stated: Decimal | None = None
    computed: Decimal | None = None
    why: str | None = None

    def as_dict(self) -> dict:
        starts = [f.start for f in self.facts]
        ends = [f.end for f in self.facts]
        return {"rule": self.rule, "status": self.status, "message": self.message, "why": self.why,
                "stated": None if self.stated is None else str(self.stated),
                "computed": None if self.computed is None else str(self.computed),
                "start": min(starts) if starts else None, "end": max(ends) if ends else None,
                "quantities": [f.as_dict() for f in self.facts]}


def _show(value: Decimal, label: str) -> str:
    """A value as a reader writes it: 98.27%, 9.5分, 7013.28万元."""
    if label == "PERCENT":
        return f"{(value * 100).normalize():f}%"
    if label == "MONEY":
        return f"{(value / 10000).normalize():f}万元"
    return f"{value.normalize():f}" + ("分" if label == "SCORE" else "")


def _decimals(text: str) -> int:
    """Digits after the point of the last arabic number in ``text`` (0 for Chinese numerals)."""
    found = _NUMBER.findall(text)
    return len(found[-1]) if found else 0


def _last_digit(f: Fact) -> Decimal:
    """What one unit of the last written digit of ``f`` is worth, in its value's unit (yuan, points …)."""
    found = list(_NUMBER.finditer(f.text.replace(",", "").replace("，", "")))
    if not found or f.value is None:
        return Decimal(0)
    number = Decimal(found[-1].group(0))
    scale = f.value / number if number else Decimal(1)
    return abs(scale) * Decimal(1).scaleb(-len(found[-1].group(1) or ""))


def _place(f: Fact, mention: str) -> tuple:
    """Where a quantity's companions are: its table row, else the quantities of its ``mention``, else its sentence."""
    if f.in_table_row:
        return ("line", f.line[0])
    linked = getattr(f, mention)
    if linked is not None:
        return (mention, linked.start)
    return ("sentence", f.sentence[0])


def _scope(f: Fact) -> tuple:
    """The companions of a rate: its row, else the quantities of its TASK (prose), else its sentence."""
    return _place(f, "task")


def _row(f: Fact) -> tuple:
    """The row of a weight or score: its line, else (one cell per line) its INDICATOR or its run of cells, else its sentence."""
    if f.cell_run is not None and f.indicator is None:
        return ("cells", f.cell_run)
    return _place(f, "indicator")


def _groups(facts: Iterable[Fact], key: Callable[[Fact], tuple]) -> dict[tuple, list[Fact]]:
    out: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        out[key(f)].append(f)
    return out


def _one(facts: list[Fact], keys: tuple[str, ...]) -> tuple[Fact | None, str | None]:
    """The one fact with the first of ``keys`` that is present; why not, when none or several differ."""
    for key in keys:
        found = [f for f in facts if f.indicator_key == key]
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            values = {f.value for f in found}
            if len(values) == 1 and None not in values:
                return found[0], None
            return None, f"同一处有 {len(found)} 个{key}，无法确定用哪一个"
    return None, None


def check_rates(facts: list[Fact], text: str) -> list[Check]:
    """``rate.execution``: a stated 执行率 against 执行数 ÷ 预算数 of the same row, task or sentence.

    When the row or sentence holds neither, the table block or the line
    around it is tried (form layouts put 预算数 and 执行数 on lines of their own).
    """
    out = []
    scopes = (_scope, lambda f: ("block", _block(text, f.line[0])) if f.in_table_row else ("line", f.line[0]))
    grouped = [_groups(facts, scope) for scope in scopes]
    for f in facts:
        if f.indicator_key != "funds.execution_rate" or f.approx in (APPROX_AT_LEAST, APPROX_AT_MOST):
            continue  # 低于90%的须说明原因 states a threshold, not the rate achieved
        by_income = False
        for i, (scope, groups) in enumerate(zip(scopes, grouped)):
            group = [g for g in groups[scope(f)] if g is not f]
            execution, why_e = _one(group, ("funds.execution",))
            budget, why_b = _one(group, ("funds.adjusted_budget", "funds.budget", "funds.initial_budget"))
            if execution is not None and budget is not None:
                break
            if i == 0 and budget is None and not why_b:
                # 整体收入 13480.37万元，支出 13378.07万元，预算执行率 99.24%: some reports take 支出 ÷ 收入
                income = _one(group, ("income.total",))[0]
                spent = execution or _one(group, ("expense.total",))[0]
                if income is not None and spent is not None:
                    budget, execution, by_income = income, spent, True
                    break
        if execution is None or budget is None:
            why = why_e or why_b or "同一行/同一句中未找到执行数和预算数"
            out.append(Check("rate.execution", CANNOT_CHECK, f"执行率 {f.text} 无法核对：{why}", [f], why=why))
            continue
        used = [budget, execution, f]
        if not (f.ok and execution.ok and budget.ok):
            out.append(Check("rate.execution", CANNOT_CHECK, "执行率、执行数或预算数的数值未能读出",
                             used, why="数值未能读出"))
            continue
        if budget.value == 0:
            out.append(Check("rate.execution", NOT_APPLICABLE, "预算数为 0，执行率无从计算", used, why="预算数为 0"))
            continue
        computed = execution.value / budget.value
        d = _decimals(f.text)
        tolerance = Decimal(1).scaleb(-(d + 2))  # one unit of the stated last digit: rounding or truncation
        shown = computed.quantize(Decimal(1).scaleb(-(d + 4)))
        if abs(computed - f.value) <= tolerance:
            out.append(Check("rate.execution", PASS, f"执行率 {f.text} 与 {execution.text} ÷ {budget.text} 一致",
                             used, f.value, shown))
        elif by_income:
            # the report may take 预算数 as its base, which it does not state here: no fail on a guessed base
            out.append(Check("rate.execution", CANNOT_CHECK,
                             f"执行率写为 {f.text}，支出 ÷ 收入 = {_show(shown, 'PERCENT')}，但报告未写预算数",
                             used, f.value, shown, why="只有收入和支出，未写预算数"))
        else:
            out.append(Check("rate.execution", FAIL,
                             f"执行率写为 {f.text}，而 {execution.text} ÷ {budget.text} = {_show(shown, 'PERCENT')}",
                             used, f.value, shown))
    return out


def _weights_and_scores(facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    scores = [f for f in facts if f.label == "SCORE" and (f.role == "score" or f.indicator_key == "score.score")]
    weights = [f for f in facts if f.label == "SCORE" and (f.role == "weight" or f.indicator_key == "score.weight")]
    return weights, scores


def check_scores(facts: list[Fact]) -> list[Check]:
    """``score.within_weight``: every row's 得分 is at most its 分值."""
    out = []
    weights, scores = _weights_and_scores(facts)
    by_row = _groups(weights, _row)
    for s in scores:
        row = [w for w in by_row.get(_row(s), []) if w.start < s.start] or by_row.get(_row(s), [])
        if not row and not s.in_table_row:
            continue  # a score in prose with no 分值 beside it (自评得分85分) is a total, not a row
        if len(row) != 1:
            why = "本行未找到分值" if not row else f"本行有 {len(row)} 个分值"
            out.append(Check("score.within_weight", CANNOT_CHECK, f"得分 {s.text} 无法核对：{why}", [s], why=why))
            continue
        w = row[0]
        if not (s.ok and w.ok):
            out.append(Check("score.within_weight", CANNOT_CHECK, "得分或分值的数值未能读出", [w, s], why="数值未能读出"))
        elif s.value <= w.value:
            out.append(Check("score.within_weight", PASS, f"得分 {s.text} 不超过分值 {w.text}", [w, s], s.value, w.value))
        else:
            out.append(Check("score.within_weight", FAIL, f"得分 {s.text} 超过分值 {w.text}", [w, s], s.value, w.value))
    return out


def check_score_totals(facts: list[Fact], metadata: dict) -> list[Check]:
    """``score.weights_total`` (分值 sum to 总分) and ``score.scores_total`` (得分 sum to the stated total).

    Only for a report with one indicator table whose every 得分 has its 分值
    in the same row (so no row was missed); otherwise cannot check.
    """
    weights, scores = _weights_and_scores(facts)
    leaf_w = [w for w in weights if not (w.indicator_key or "").startswith(("class.", "score."))]
    leaf_s = [s for s in scores if not (s.indicator_key or "").startswith(("class.", "score."))]
    if len(leaf_w) < 3:
        return []
    out = []
    total_weight = next((f for f in facts if f.indicator_key == "score.total_weight" and f.ok), None)
    total_score = next((f for f in facts if f.indicator_key == "score.total_score" and f.ok), None)
    paired = {_row(s) for s in leaf_s} <= {_row(w) for w in leaf_w}
    unread = [f for f in leaf_w + leaf_s if not f.ok]
    many_forms = sum(f.indicator_key == "score.total_weight" for f in facts) > 1
    weights_add_up = False
    for rule, parts, total, default, name in (
            ("score.weights_total", leaf_w, total_weight, Decimal(100), "分值"),
            ("score.scores_total", leaf_s, total_score, metadata.get("score"), "得分")):
        stated = total.value if total is not None else (Decimal(str(default)) if default is not None else None)
        if stated is None or not parts:
            continue
        used = parts + ([total] if total is not None else [])
        computed = sum((p.value for p in parts if p.ok), Decimal(0))
        if many_forms:
            out.append(Check(rule, NOT_APPLICABLE, "报告含多张评分表，合计按表核对尚不支持", used, stated, computed,
                             why="多张评分表"))
            continue
        if abs(computed - stated) <= Decimal("0.05"):
            weights_add_up = weights_add_up or rule == "score.weights_total"
            out.append(Check(rule, PASS, f"各行{name}之和 {computed.normalize():f} 与 {stated.normalize():f} 一致",
                             used, stated, computed))
        elif rule == "score.scores_total" and weights_add_up and not unread and paired:
            # the 分值 add up to the total, so every row was read: the 得分 really do not add up
            out.append(Check(rule, FAIL, f"各行{name}之和为 {computed.normalize():f}，而总计写为 "
                             f"{stated.normalize():f}", used, stated, computed))
        else:
            why = ("有数值未能读出" if unread else "有得分的行未找到分值" if not paired
                   else "分值之和不等于总分，可能有行未读出或多读")
            out.append(Check(rule, CANNOT_CHECK, f"各行{name}之和 {computed.normalize():f} 与 {stated.normalize():f} "
                             f"不符，但{why}", used, stated, computed, why=why))
    return out


def bands_of(text: str) -> tuple[tuple[tuple[str, Decimal], ...], bool]:
    """The grade bands a report states (90分（含）以上为优 …), else those of 财预〔2020〕10号; and whether stated."""
    stated = {grade: Decimal(low) for low, grade in _BAND.findall(text)}
    if not stated:
        return DEFAULT_BANDS, False
    bands = dict(DEFAULT_BANDS)
    bands.update(stated)
    return tuple(sorted(bands.items(), key=lambda b: -b[1])), True


def check_grade(text: str, metadata: dict) -> list[Check]:
    """``grade.band``: the stated grade matches the band of the stated total score."""
    score, grade = metadata.get("score"), metadata.get("grade")
    if score is None or grade is None:
        return []
    score = Decimal(str(score))
    bands, stated = bands_of(text)
    expected = next((g for g, low in bands if score >= low), bands[-1][0])
    own = "按报告自述的等级标准" if stated else "按财预〔2020〕10号的等级标准"
    if expected == grade:
        return [Check("grade.band", PASS, f"自评得分 {score.normalize():f} 分，等级“{grade}”相符（{own}）", [],
                      score, None)]
    return [Check("grade.band", FAIL, f"自评得分 {score.normalize():f} 分应为“{expected}”，报告写为“{grade}”（{own}）",
                  [], score, None)]


def _short(actual: Fact, target: Fact) -> bool | None:
    """Whether the actual value falls short of its target; None when the direction is unknown."""
    if actual.label != target.label:
        return None
    if target.approx == APPROX_AT_MOST:
        return actual.value > target.value
    if target.approx == APPROX_AT_LEAST or target.label in ("PERCENT", "COUNT"):
        return actual.value < target.value
    return None  # an exact money target: a cost may be met by spending less


def check_targets(facts: list[Fact]) -> list[Check]:
    """``target.full_score_when_short``: a row whose actual value misses its target does not get the full 分值."""
    out = []
    for row in _groups(facts, _row).values():
        targets = [f for f in row if f.role == "target"]
        actuals = [f for f in row if f.role == "actual"]
        weights, scores = _weights_and_scores(row)
        if len(targets) != 1 or len(actuals) != 1:
            continue
        target, actual = targets[0], actuals[0]
        if len(weights) != 1 or len(scores) != 1:
            out.append(Check("target.full_score_when_short", CANNOT_CHECK, "本行未找到唯一的分值和得分",
                             [target, actual], why="分值或得分缺失"))
            continue
        used = [target, actual, weights[0], scores[0]]
        if not all(f.ok for f in used):
            out.append(Check("target.full_score_when_short", CANNOT_CHECK, "数值未能读出", used, why="数值未能读出"))
            continue
        short = _short(actual, target)
        if short is None:
            out.append(Check("target.full_score_when_short", CANNOT_CHECK,
                             f"指标值 {target.text} 的方向（越高越好或越低越好）不明", used, why="方向不明"))
        elif short and scores[0].value >= weights[0].value:
            missed = (f"超过目标上限 {target.text}" if target.approx == APPROX_AT_MOST
                      else f"未达目标 {target.text}")
            out.append(Check("target.full_score_when_short", FAIL,
                             f"实际完成 {actual.text} {missed}，却得满分 {scores[0].text}",
                             used, actual.value, target.value))
        else:
            out.append(Check("target.full_score_when_short", PASS,
                             "实际完成未达目标，得分已扣减" if short else f"实际完成 {actual.text} 达到目标 {target.text}",
                             used, actual.value, target.value))
    return out


_REASON_HEADERS = ("偏差原因", "未完成原因")
_CELL_SPLIT = re.compile(r"[|\t]")
# what an empty 偏差原因 cell holds: rules of the flattening, dashes, 无 / 暂无 / 不适用
_NO_REASON = re.compile(r"^(?:[\s\-—－–/／、.。·…]*|[无暂]*无|不适用|/|——)$")


def _cells(text: str, line: tuple[int, int]) -> list[str]:
    """The cells of one |- or tab-separated line, outer pipes dropped."""
    body = text[line[0]:line[1]].strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in _CELL_SPLIT.split(body)]


def _reason_column(text: str, before: int) -> tuple[int, int] | None:
    """The 偏差原因 column above ``before``: (its index, the header's cell count), from the nearest header line."""
    at = max(text.rfind(h, 0, before) for h in _REASON_HEADERS)
    if at < 0:
        return None
    line = (text.rfind("\n", 0, at) + 1, len(text) if text.find("\n", at) < 0 else text.find("\n", at))
    cells = _cells(text, line)
    if len(cells) < 3:
        return None
    index = next(i for i, c in enumerate(cells) if any(h in c for h in _REASON_HEADERS))
    return index, len(cells)


def check_deviation_reasons(facts: list[Fact], text: str) -> list[Check]:
    """``target.deviation_reason``: a row whose actual value misses its target states why in its 偏差原因 cell.

    (偏差原因分析及改进措施, or 未完成原因及拟采取的改进措施.)

    Only where the report's indicator table has a 偏差原因 column; the cell is
    read by its column in a table of | or tab separated lines, and a row whose
    cells cannot be lined up with the header is cannot check.
    """
    if not any(h in text for h in _REASON_HEADERS):
        return []
    out = []
    for row in _groups(facts, _row).values():
        targets = [f for f in row if f.role == "target"]
        actuals = [f for f in row if f.role == "actual"]
        if len(targets) != 1 or len(actuals) != 1 or not (targets[0].ok and actuals[0].ok):
            continue
        target, actual = targets[0], actuals[0]
        if not _short(actual, target):
            continue  # met (or direction unknown: full_score_when_short says so): no reason is owed
        column = _reason_column(text, target.start)
        if column is None or not actual.in_table_row or actual.line != target.line:
            out.append(Check("target.deviation_reason", CANNOT_CHECK,
                             f"实际完成 {actual.text} 未达目标 {target.text}，但无法定位本行的偏差原因一栏",
                             [target, actual], actual.value, target.value, why="表格行界不明"))
            continue
        index, width = column
        cells = _cells(text, actual.line)
        if len(cells) != width:
            out.append(Check("target.deviation_reason", CANNOT_CHECK,
                             f"本行有 {len(cells)} 栏而表头有 {width} 栏，无法对齐偏差原因一栏",
                             [target, actual], actual.value, target.value, why="行与表头栏数不同"))
        elif _NO_REASON.match(cells[index]):
            out.append(Check("target.deviation_reason", FAIL,
                             f"实际完成 {actual.text} 未达目标 {target.text}，偏差原因一栏却未填写",
                             [target, actual], actual.value, target.value))
        else:
            out.append(Check("target.deviation_reason", PASS,
                             f"实际完成 {actual.text} 未达目标 {target.text}，已说明偏差原因：{cells[index][:30]}",
                             [target, actual], actual.value, target.value))
    return out


def _item(f: Fact) -> str | None:
    """The sum item a quantity states: its TASK's key (a funds row), else its INDICATOR's key."""
    if f.task_key in _SUM_ITEMS:
        return f.task_key
    return f.indicator_key if f.indicator_key in _SUM_ITEMS else None


def check_sums(facts: list[Fact], text: str) -> list[Check]:
    """``sum.*``: parts against their total, per column (预算数, 执行数) in one table or one paragraph."""
    out = []
    money = [f for f in facts if f.label == "MONEY" and _item(f)]

    def place(f: Fact) -> tuple:
        measure = f.indicator_key if f.indicator_key in _MEASURES else None
        # a table: its block of row lines; prose: its paragraph
        return (measure, _block(text, f.line[0]) if f.in_table_row else f.line[0])

    for (measure, _), group in _groups(money, place).items():
        for rule, (total_key, part_keys) in SUMS.items():
            totals = [f for f in group if _item(f) == total_key]
            parts = {k: [f for f in group if _item(f) == k] for k in part_keys}
            present = {k: v for k, v in parts.items() if v}
            if not totals or not present:
                continue
            # one name with two different amounts in one place: which pairs up is unknown
            if any(len({f.value for f in g}) > 1 for g in (totals, *present.values())):
                out.append(Check(rule, CANNOT_CHECK, "同一处出现多个同名数额，无法确定配对",
                                 totals + [f for v in present.values() for f in v], why="同名数额重复"))
                continue
            total = totals[0]
            used = [f for v in present.values() for f in v[:1]] + [total]
            if not all(f.ok for f in used):
                out.append(Check(rule, CANNOT_CHECK, "数值未能读出", used, why="数值未能读出"))
                continue
            computed = sum((v[0].value for v in present.values()), Decimal(0))
            # half a unit of the last written digit of each figure (120 in a 万元 table is ± 5000 yuan)
            tolerance = sum((_last_digit(f) for f in used), Decimal(0)) / 2
            names = "＋".join(v[0].text for v in present.values())
            if abs(computed - total.value) <= tolerance:
                out.append(Check(rule, PASS, f"{names} 与合计 {total.text} 一致", used, total.value, computed))
            elif computed > total.value + tolerance and all(v[0].value >= 0 for v in present.values()):
                # amounts are never negative: the parts found already exceed the total, whatever is missing
                said = f"分项 {names}" if len(present) == 1 else f"{names} = {_show(computed, 'MONEY')}"
                out.append(Check(rule, FAIL, f"{said}，已超过合计 {total.text}",
                                 used, total.value, computed))
            elif len(present) < len(part_keys):
                missing = "、".join(k for k in part_keys if k not in present)
                out.append(Check(rule, CANNOT_CHECK, f"已有部分之和 {_show(computed, 'MONEY')} 与合计 {total.text} 不符，"
                                 f"但缺少 {missing}", used, total.value, computed, why="部分项未找到"))
            else:
                out.append(Check(rule, FAIL, f"{names} = {_show(computed, 'MONEY')}，而合计写为 {total.text}",
                                 used, total.value, computed))
    return out


# a total followed by its breakdown: 合计3267.28万元。其中，… / 89.97万元，分项来看：…
_PARTS_MARKER = re.compile(r"[\s，,。：:；;]{0,3}(其中|分项来看|具体为|具体是|分别为|分别是|分别用于|包括)[\s，,：:]*")
_NESTED_MARKER = re.compile(r"其中|分项来看|具体为|分别为")
# what ends a breakdown before its sentence does: a new total, an amount outside it, a later change
# (另有 is not one: it adds a part as often as it leaves the breakdown, and the subset test catches the latter)
_PARTS_END = re.compile(r"[。！？!?]|\n\s*\n|后经|[共合总]计|[；;][^。；;]*?共")
# a breakdown that says it is complete: parts short of the total are a fail, unless it trails off (等 …)
_EXHAUSTIVE = ("分项来看", "具体为", "具体是", "分别为", "分别是")
_OPEN_ENDED = re.compile(r"等|…|主要|部分|以及其他|其他")
_UNREAD_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*\s*(?:年|月|日|号|%|％|个|项|次|人|户|家|亩|公里|千米|米|座|处|批))")
_MAX_PARTS = 12


def _outside_brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` outside （…） and (…): a bracket holds a breakdown of one part."""
    out, depth, s = [], 0, start
    for i in range(start, end):
        c = text[i]
        if c in "（(":
            if depth == 0 and i > s:
                out.append((s, i))
            depth += 1
        elif c in "）)" and depth:
            depth -= 1
            s = i + 1
    if depth == 0 and s < end:
        out.append((s, end))
    return out


def _some_subset_sums_to(values: list[Decimal], total: Decimal, tolerance: Decimal) -> bool:
    """Whether a proper, non-empty subset of ``values`` adds up to ``total``: two breakdowns in one list."""
    n = len(values)
    return any(abs(sum((values[i] for i in range(n) if mask >> i & 1), Decimal(0)) - total) <= tolerance
               for mask in range(1, (1 << n) - 1))


def check_parts(facts: list[Fact], text: str) -> list[Check]:
    """``sum.parts``: the amounts a prose total is broken into (其中 / 分项来看 / 具体为 …) do not exceed it.

    Such a list may leave parts out, so parts short of the total are not a
    fail; parts above it are, unless some of them already make the total
    (two breakdowns of one sum in one sentence) or a figure is approximate.
    A bracket is a part's own breakdown and is skipped; a nested 其中 ends the list.
    """
    out = []
    money = [f for f in facts if f.label == "MONEY" and not f.in_table_row]
    for i, total in enumerate(money):
        marker = _PARTS_MARKER.match(text, total.end)
        if marker is None:
            continue
        stop = _PARTS_END.search(text, marker.end())
        end = stop.start() if stop else len(text)
        open_parts = []   # the list's stretches outside brackets, up to a nested 其中
        for s, e in _outside_brackets(text, marker.end(), end):
            nested = _NESTED_MARKER.search(text, s, e)
            open_parts.append((s, nested.start() if nested else e))
            if nested:
                end = nested.start()
                break
        parts = [f for f in money[i + 1:] if f.end <= end
                 and any(s <= f.start and f.end <= e for s, e in open_parts)]
        if len(parts) < 2 or len(parts) > _MAX_PARTS:
            continue
        if _item(total) and all(_item(f) for f in parts):
            continue  # named items (基本支出 = 人员经费 + 公用经费): the sum.* rules check them
        region = text[marker.end():end]
        exhaustive = marker.group(1) in _EXHAUSTIVE and not _OPEN_ENDED.search(region)
        # a number in the list that was not read as an amount may be a part the sum is missing
        rest = list(region)
        for f in facts:
            for k in range(max(f.start, marker.end()), min(f.end, end)):
                rest[k - marker.end()] = " "
        unread = _UNREAD_NUMBER.search("".join(rest))
        used = [total, *parts]
        if not all(f.ok for f in used):
            out.append(Check("sum.parts", CANNOT_CHECK, "数值未能读出", used, why="数值未能读出"))
            continue
        if any(f.approx not in (None, APPROX_EXACT) for f in used):
            out.append(Check("sum.parts", CANNOT_CHECK, "含约数，无法精确核对", used, why="约数"))
            continue
        computed = sum((f.value for f in parts), Decimal(0))
        tolerance = sum((_last_digit(f) for f in used), Decimal(0)) / 2
        names = "＋".join(f.text for f in parts)
        if abs(computed - total.value) <= tolerance:
            out.append(Check("sum.parts", PASS, f"{names} 与总数 {total.text} 一致", used, total.value, computed))
        elif computed < total.value and not exhaustive:
            out.append(Check("sum.parts", NOT_APPLICABLE, f"所列分项之和 {_show(computed, 'MONEY')} 小于总数 "
                             f"{total.text}：分项可能未列全", used, total.value, computed))
        elif computed < total.value and unread:
            out.append(Check("sum.parts", CANNOT_CHECK, f"所列分项之和 {_show(computed, 'MONEY')} 小于总数 "
                             f"{total.text}，但分项中有未读出的数 {unread.group(0)}", used, total.value, computed,
                             why="分项未全部读出"))
        elif computed < total.value:
            out.append(Check("sum.parts", FAIL, f"{marker.group(1)}{names} = {_show(computed, 'MONEY')}，"
                             f"少于总数 {total.text}", used, total.value, computed))
        elif _some_subset_sums_to([f.value for f in parts], total.value, tolerance):
            out.append(Check("sum.parts", CANNOT_CHECK, "分项中一部分已凑成总数，可能是两种口径并列",
                             used, total.value, computed, why="两种口径"))
        else:
            out.append(Check("sum.parts", FAIL, f"{names} = {_show(computed, 'MONEY')}，已超过总数 {total.text}",
                             used, total.value, computed))
    return out


def _block(text: str, line_start: int) -> int:
    """The start of the run of table-row lines (| or tab separated) that holds the line at ``line_start``."""
    start = line_start
    while start > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev:start - 1]
        if line.count("|") < 2 and line.count("\t") < 2:
            break
        start = prev
    return start


def _norm(text: str) -> str:
    return "".join(text.split())


_YEAR = re.compile(r"(20\d\d)\s*年")


def _year(f: Fact) -> str | None:
    """The year its INDICATOR names (2022年决算数 and 2023年决算数 are two measures)."""
    m = _YEAR.search(f.indicator.text) if f.indicator is not None else None
    return m.group(1) if m else None


def check_repeats(facts: list[Fact], text: str) -> list[Check]:
    """``repeat.value``: the same measure of the same TASK stated in two places (prose vs table) must agree.

    Cells of one table block are not repeats of each other: a table states
    each figure once, and two cells of one key are two columns (years, kinds);
    nor are quantities linked to one and the same INDICATOR mention.
    """
    out = []
    groups = _groups([f for f in facts if f.indicator_key in _REPEATABLE and f.task is not None],
                     lambda f: (f.indicator_key, _norm(f.task.text), f.label, _year(f)))
    for (key, task, label, _), group in groups.items():
        # two statements each name the measure: quantities that share one INDICATOR mention (a column header
        # over several cells) are one statement, and a link over them is what is unsure, not the report
        by_mention: dict[tuple, list[Fact]] = defaultdict(list)
        for f in group:
            by_mention[(f.indicator.start, f.indicator.end)].append(f)
        if any(len(v) > 1 for v in by_mention.values()):
            continue
        places = {("table", _block(text, f.line[0])) if f.in_table_row else ("prose", f.start) for f in group}
        if len(group) < 2 or len(places) < 2 or not all(f.ok for f in group):
            continue
        if all(p[0] == "table" for p in places) and len(places) == 1:
            continue
        values = sorted({f.value for f in group})
        name = group[0].indicator.text if group[0].indicator else key
        if len(values) == 1:
            out.append(Check("repeat.value", PASS, f"{task}的{name}在 {len(group)} 处一致", group, values[0], values[0]))
        else:
            shown = "、".join(f.text for f in group)
            out.append(Check("repeat.value", FAIL, f"{task}的{name}在不同位置写为不同数值：{shown}", group,
                             group[0].value, group[1].value))
    return out


def audit_record(record: dict) -> list[Check]:
    """Every check of one report (a contract record as ``ie extract`` writes it)."""
    facts = facts_of(record)
    meta = record.get("meta") or {}
    text = record["text"]
    return (check_rates(facts, text) + check_scores(facts) + check_score_totals(facts, meta) + check_grade(text, meta)
            + check_targets(facts) + check_deviation_reasons(facts, text) + check_sums(facts, text) + check_parts(facts, text)
            + check_repeats(facts, text))
