"""The taxonomy maps the many ways a measure is written to one key, and refuses what does not fit."""
from __future__ import annotations

import pytest

from ie.errors import ModelError
from ie.indicators.taxonomy import Taxonomy, normalize_mention


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


@pytest.mark.parametrize("text", ["预算执行率", "支出执行率", "预算完成率", "资金执行率", "完成全年预算", "执行率",
                                  "預算執行率", "2022年预算执行率", "（三）部门预算执行率（%）"])
def test_taxonomy_execution_rate_variants_share_one_key(taxonomy, text):
    key = taxonomy.match(text, "INDICATOR", "PERCENT")
    assert key is not None and key.key == "funds.execution_rate"
    assert (key.level1, key.level2) == ("过程", "资金管理")


def test_taxonomy_key_refuses_a_quantity_of_another_label(taxonomy):
    # 执行率 names a share: on a MONEY or COUNT it says nothing canonical
    assert taxonomy.match("执行率", "INDICATOR", "MONEY") is None
    assert taxonomy.match("全年执行数", "INDICATOR", "MONEY").key == "funds.execution"
    assert taxonomy.match("全年执行数", "INDICATOR", "PERCENT") is None


def test_taxonomy_funds_rows_are_keyed_as_task(taxonomy):
    assert taxonomy.match("年度资金总额", "TASK", "MONEY").key == "funds.total"
    assert taxonomy.match("其中：当年财政拨款", "TASK", "MONEY").key == "funds.current_appropriation"
    # an indicator-only key is never given to a TASK
    assert taxonomy.match("预算执行率", "TASK", "PERCENT") is None


def test_taxonomy_unknown_and_unmapped_texts_stay_none(taxonomy):
    assert taxonomy.match("培训人次", "INDICATOR", "COUNT") is None
    assert taxonomy.match("森林覆盖率", "INDICATOR", "PERCENT") is None   # an outcome, listed as unmapped
    assert taxonomy.match("", "INDICATOR", "PERCENT") is None


def test_taxonomy_patterns_cover_named_rates(taxonomy):
    assert taxonomy.match("工程验收合格率", "INDICATOR", "PERCENT").key == "output.quality_rate"
    assert taxonomy.match("救助资金发放及时率", "INDICATOR", "PERCENT").key == "output.timeliness_rate"
    assert taxonomy.match("受益群众满意度", "INDICATOR", "PERCENT").key == "satisfaction"


def test_taxonomy_normalize_removes_noise_not_meaning():
    assert normalize_mention("預(yù)算數") == "预算数"
    assert normalize_mention(" 1.项目 资金到位率(%)：") == "项目资金到位率"
    assert normalize_mention("“三公”经费") == "三公经费"


def test_taxonomy_round_trips_through_its_json(taxonomy):
    again = Taxonomy.from_dict(taxonomy.to_dict())
    assert [k.key for k in again.keys] == [k.key for k in taxonomy.keys]
    assert again.match("支出执行率", "INDICATOR", "PERCENT").key == "funds.execution_rate"


@pytest.mark.parametrize("data", [{"keys": [{"name": "no key"}]},
                                  {"keys": [{"key": "a", "name": "a", "patterns": ["("]}]},
                                  {"keys": [{"key": "a", "name": "a"}, {"key": "a", "name": "b"}]}])
def test_taxonomy_invalid_data_is_one_clear_error(data):
    with pytest.raises(ModelError) as info:
        Taxonomy.from_dict(data)
    assert info.value.code == "E500"
