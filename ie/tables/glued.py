"""Split a run of numbers written without separators, by the columns it must fill.

``202010100.00%10`` under 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 can only be
20 | 20 | 10 | 100.00% | 10: the rate says the two amounts are equal, the
score cannot exceed the weight. :func:`split_run` enumerates the ways to cut
the digits into one number per column, keeps those whose numbers fit their
columns and agree with each other, and returns the cut only when exactly one
reading survives — an ambiguous run is left unsplit (its values are then
"cannot read", never a guess).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from itertools import combinations

# a token of a run: a number with what is written after it (%, a unit, a comparison before it)
_TOKEN = re.compile(r"(?P<cmp>>=|<=|≥|≤|>|<|=)?(?P<num>\d[\d.]*\d|\d)(?P<unit>%|[\u4e00-\u9fff/*·]{1,6})?")
_ONE = re.compile(r"(?P<cmp>>=|<=|≥|≤|>|<|=)?(?P<num>\d+(?:\.\d+)?)(?P<unit>%|[\u4e00-\u9fff/*·]{1,6})?")
MAX_CUTS = 20000


def _decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _pieces(digits: str, k: int) -> list[list[tuple[int, int]]]:
    """Every way to cut a digit string (decimal points kept inside numbers) into k numbers."""
    n = len(digits)
    points = [i for i in range(1, n) if digits[i - 1] != "." and digits[i] != "."
              and not (i >= 2 and digits[i - 2] == "." and False)]
    out = []
    for cut in combinations(points, k - 1):
        bounds = [0, *cut, n]
        parts = [(a, b) for a, b in zip(bounds, bounds[1:])]
        ok = True
        for a, b in parts:
            piece = digits[a:b]
            if piece.count(".") > 1 or piece.startswith(".") or piece.endswith("."):
                ok = False
                break
            if len(piece) > 1 and piece[0] == "0" and piece[1] != ".":
                ok = False  # 05 is no number of these tables
                break
        if ok:
            out.append(parts)
        if len(out) > MAX_CUTS:
            break
    return out


def fits(kind: str, value: Decimal, percent: bool) -> bool:
    """Whether a number can stand in a column of this kind."""
    if kind in ("weight", "score"):
        return not percent and 0 <= value <= 100
    if kind == "rate":
        return 0 <= value <= (200 if percent else 2) or (not percent and 0 <= value <= 200)
    if kind in ("budget", "budget_initial", "execution"):
        return not percent and value >= 0
    return True


def consistent(values: dict[str, Decimal], rate_is_percent: bool) -> bool:
    """The columns of one funding row agree: rate = execution / budget, score <= weight."""
    weight, score = values.get("weight"), values.get("score")
    if weight is not None and score is not None and score > weight:
        return False
    rate = values.get("rate")
    budget = values.get("budget", values.get("budget_initial"))
    execution = values.get("execution")
    if rate is not None and budget and execution is not None:
        fraction = rate / 100 if rate_is_percent else rate
        if abs(execution / budget - fraction) > Decimal("0.011") or (fraction == 0) != (execution == 0):
            return False
    if weight is not None and score is not None and rate is not None and weight:
        # 得分 = 分值 × 执行率 (forms round it, some give the full weight from 95 % up)
        fraction = rate / 100 if rate_is_percent else rate
        expected = weight * min(fraction, Decimal(1))
        if abs(score - expected) > max(Decimal("0.6"), weight * Decimal("0.06")):
            return False
    return True


def split_run(run: str, kinds: list[str], bounds: dict[str, Decimal] | None = None
              ) -> list[tuple[int, int]] | None:
    """Offsets (within ``run``) of one number per column, or None when no single reading fits.

    ``kinds`` are the columns the run fills, in order (``budget``,
    ``execution``, ``weight``, ``rate``, ``score``, ``target``, ``actual``).
    A ``%`` or a unit written in the run ends a number; digits between them
    are cut every way that gives one number per remaining column.
    ``bounds`` are upper limits per column (a 其中 row cannot exceed its total).
    """
    tokens = list(_TOKEN.finditer(run))
    if not tokens or "".join(t.group() for t in tokens) != run.replace(" ", ""):
        return None
    if len(kinds) < len(tokens):
        return None
    # the digits of the tokens without a unit may hold several numbers; tokens with a unit or % hold one
    readings: list[list[tuple[int, int]]] = []
    free = len(kinds) - len(tokens)

    def expand(i: int, budget_left: int, acc: list[tuple[int, int]]) -> None:
        if len(readings) > MAX_CUTS:
            return
        if i == len(tokens):
            if budget_left == 0:
                readings.append(list(acc))
            return
        t = tokens[i]
        num_start, num_end = t.start("num"), t.end("num")
        digits = run[num_start:num_end]
        # the last number of a token may carry its unit; the ones before it are bare
        for extra in range(0, budget_left + 1):
            for parts in _pieces(digits, extra + 1):
                spans = [(num_start + a, num_start + b) for a, b in parts]
                spans[-1] = (spans[-1][0], t.end())
                if t.group("cmp"):
                    spans[0] = (t.start(), spans[0][1])
                expand(i + 1, budget_left - extra, acc + spans)

    expand(0, free, [])
    scored = []
    for spans in readings:
        values: dict[str, Decimal] = {}
        texts: dict[str, str] = {}
        ok = True
        rate_percent = False
        for kind, (a, b) in zip(kinds, spans):
            m = _ONE.fullmatch(run[a:b])
            if not m:
                ok = False
                break
            value = _decimal(m.group("num"))
            percent = m.group("unit") == "%"
            if value is None or not fits(kind, value, percent):
                ok = False
                break
            if bounds and kind in bounds and value > bounds[kind]:
                ok = False
                break
            if kind == "rate":
                rate_percent = percent
            values.setdefault(kind, value)
            texts.setdefault(kind, m.group("num"))
        if ok and consistent(values, rate_percent):
            scored.append((_surprise(values, texts, rate_percent), spans))
    if not scored:
        return None
    scored.sort(key=lambda x: x[0])
    if len(scored) > 1 and scored[1][0] - scored[0][0] < Decimal("0.5"):
        return None  # two readings fit about as well: refuse rather than guess
    return scored[0][1]


def _surprise(values: dict[str, Decimal], texts: dict[str, str], rate_percent: bool) -> Decimal:
    """How unlikely a consistent reading is: rate off, zeros among amounts, mixed decimals."""
    out = Decimal(0)
    rate = values.get("rate")
    budget = values.get("budget", values.get("budget_initial"))
    execution = values.get("execution")
    if rate is not None and budget and execution is not None:
        fraction = rate / 100 if rate_percent else rate
        out += abs(execution / budget - fraction) * 100          # percentage points
    amounts = [values[k] for k in ("budget_initial", "budget", "execution") if k in values]
    if any(v == 0 for v in amounts) and any(v != 0 for v in amounts):
        out += 5
    decimals = {len(texts[k].split(".")[1]) if "." in texts[k] else 0
                for k in ("budget_initial", "budget", "execution") if k in texts}
    out += len(decimals) - 1 if decimals else 0
    positive = [v for v in amounts if v > 0]
    if len(positive) > 1:
        # the amounts of one row are of one size (a budget and its execution)
        out += 2 * Decimal(max(positive) / min(positive)).log10()
    weight = values.get("weight")
    if weight is not None:
        out += 2 if weight == 0 else 0
        out += 1 if weight != weight.to_integral_value() else 0
    return out
