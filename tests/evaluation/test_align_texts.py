"""Character alignment between a prediction text and the gold text."""
from __future__ import annotations

import random

from ie.evaluation.align import align_texts, canonical, matching_blocks

GOLD = "基本支出预算数10322.48万\n元，执行率99.24%。\n\n- 2 -\n\n征集提案５６５件。\n"
# the same text normalized: line break inside the amount removed, page marker removed,
# full-width digits made half-width
PRED = "基本支出预算数10322.48万元，执行率99.24%。征集提案565件。"


def test_canonical_drops_space_and_folds_width():
    text, index = canonical("５ 6\n件Ａ")
    assert text == "56件a"
    assert index == [0, 2, 4, 5]


def test_identical_texts_map_identically():
    al = align_texts(GOLD, GOLD)
    assert al.gold_share == 1.0 and al.pred_share == 1.0
    assert al.map_span(7, 15) == (7, 15)


def test_normalized_text_maps_spans_onto_gold():
    al = align_texts(PRED, GOLD)
    # every char of the prediction aligns; the gold page marker "-2-" (3 chars) does not
    assert al.pred_share == 1.0
    assert al.gold_chars - al.aligned == 3
    # "10322.48万元" in PRED -> "10322.48万\n元" in GOLD
    s = PRED.index("10322.48万元")
    assert al.map_span(s, s + 10) == (GOLD.index("10322.48"), GOLD.index("元") + 1)
    # "565件" -> "５６５件"
    s = PRED.index("565件")
    g = GOLD.index("５６５件")
    assert al.map_span(s, s + 4) == (g, g + 4)


def test_span_ends_in_inserted_text_snap_inwards():
    # the prediction has "[注]" inserted that gold lacks; a span starting on it snaps to
    # the first aligned character after it
    gold = "征集提案565件，完成。"
    pred = "征集提案[注]565件，完成。"
    al = align_texts(pred, gold)
    s = pred.index("[注]565件")
    assert al.map_span(s, s + 7) == (gold.index("565件"), gold.index("565件") + 4)
    # a span made only of inserted text does not map
    assert al.map_span(s, s + 3) is None


def test_span_over_deleted_text_keeps_its_aligned_ends():
    # gold has "（见附表）" that the prediction dropped; a prediction span across the cut
    # maps to the gold span that includes the dropped text
    gold = "预算数（见附表）50万元。"
    pred = "预算数50万元。"
    al = align_texts(pred, gold)
    assert al.map_span(0, 7) == (0, gold.index("元") + 1)


def test_unrelated_texts_do_not_fail():
    al = align_texts("完全不同的文字", "征集提案565件")
    assert al.aligned == 0
    assert al.gold_share == 0.0
    assert al.map_span(0, 3) is None


def test_matching_blocks_on_long_edited_text_are_exact_and_increasing():
    rng = random.Random(3)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府"
    gold = "".join(rng.choice(alphabet) for _ in range(20000))
    pred = list(gold)
    for _ in range(60):
        i = rng.randrange(len(pred))
        del pred[i:i + rng.randrange(1, 30)]
        j = rng.randrange(len(pred))
        pred[j:j] = "插入"
    pred = "".join(pred)
    blocks = matching_blocks(pred, gold)
    last_i = last_j = 0
    for i, j, n in blocks:
        assert pred[i:i + n] == gold[j:j + n]
        assert i >= last_i and j >= last_j
        last_i, last_j = i + n, j + n
    aligned = sum(n for _, _, n in blocks)
    # ~60 insertions of 2 chars: nearly all of the prediction aligns
    assert aligned / len(pred) > 0.97
