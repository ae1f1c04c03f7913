"""The units a quantity can carry, and the label each one gives.

Units starting with 万/亿/千 carry their scale (value in yuan / characters);
a 万 in front of any other unit is part of the number (``38万人次`` → 380000,
unit 人次). Traditional forms are listed as written (萬元, 個, 項 …).
"""
from __future__ import annotations

from .normalize import PERCENT_DIVISOR, UNIT_SCALE

_COUNT_UNITS: tuple[str, ...] = (
    "件", "次", "篇", "场", "人次", "名", "个", "项", "期", "批", "批次", "条", "家", "张",
    "万字", "位", "人", "户", "所", "台", "套", "本", "册", "份", "则", "种", "类", "大类",
    "个月", "篇次", "场次", "期次", "户次", "家次", "件次", "轮", "幅", "辆", "艘", "架",
    "座", "间", "床", "笔", "宗", "起", "例", "页", "棵", "株", "支", "处", "块", "根", "盏",
    "斤", "公斤", "千克", "克", "吨", "亩", "公顷", "平方米", "平方公里", "立方米", "公里", "千米",
    "米", "厘米", "毫米", "千瓦", "千瓦时", "学时", "课时",
    "口", "包", "颗", "头", "只", "匹", "栋", "幢", "孔", "眼", "片", "段", "盏", "堵", "辆次", "架次",
    "瓶", "盒", "袋", "箱", "桶", "罐", "双", "副", "对", "把", "顶", "枚", "粒", "卷", "束", "台套", "台次",
    "余人", "户次", "株", "棵", "亩次", "人日", "工日", "课", "节", "门", "册次",
    # units in Latin letters (公里, 米, 吨, 公顷 as written by engineers)
    "km", "m", "t", "kg", "hm", "ha", "cm", "mm", "kW", "kw", "m²", "m³", "m2", "m3", "km²", "hm²",
    # traditional forms
    "個", "項", "場", "條", "張", "臺", "戶", "間", "筆", "輛", "畝", "噸", "公頃", "課時",
    "學時", "萬字", "個月", "種", "類", "處", "塊",
)

#: unit as written (no spaces) -> label
DEFAULT_UNITS: dict[str, str] = {
    # money
    "元": "MONEY", "千元": "MONEY", "万元": "MONEY", "百万元": "MONEY", "千万元": "MONEY",
    "亿元": "MONEY", "万亿元": "MONEY", "萬元": "MONEY", "億元": "MONEY",
    # percent and rates
    "%": "PERCENT", "％": "PERCENT", "‰": "PERCENT", "‱": "PERCENT", "个百分点": "PERCENT",
    "百分点": "PERCENT", "個百分點": "PERCENT",
    # score
    "分": "SCORE",
    **{u: "COUNT" for u in _COUNT_UNITS},
}

#: every unit the normalizer splits a span at (the grammar's units and the scale/percent units)
KNOWN_UNITS: frozenset[str] = frozenset(
    {*DEFAULT_UNITS, *PERCENT_DIVISOR, *UNIT_SCALE, "圆", "角", "百分比", "個百分點"})
