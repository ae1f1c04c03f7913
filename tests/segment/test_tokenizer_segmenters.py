"""ie.segment.tokenizer.IETokenizer: jieba / char / pkuseg, serialization, registry."""
from __future__ import annotations

import spacy
import pytest
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ie.errors import ModelError
from ie.segment.tokenizer import DEFAULT_USER_WORDS, SEGMENTERS, IETokenizer, blank, create_tokenizer

TEXT = "基本支出预算数10279.02万元，执行率99.24%。\n\n\t征集提案 565  件 ；走访11个市"


@pytest.fixture(scope="module")
def vocab():
    return Vocab()


@pytest.fixture(scope="module")
def tokenizer(vocab):
    """One loaded tokenizer per segmenter (loading pkuseg takes seconds), numeral split set per call."""
    cache: dict[str, IETokenizer] = {}

    def get(segmenter: str, numeral_split: bool = True) -> IETokenizer:
        if segmenter == "pkuseg":
            _pkuseg_or_skip()
        if segmenter not in cache:
            cache[segmenter] = IETokenizer(vocab, segmenter=segmenter)
        tok = cache[segmenter]
        tok.numeral_split = numeral_split
        return tok

    return get


def _pkuseg_or_skip():
    from ie.segment.pkuseg_model import pkuseg_model_path

    try:
        pkuseg_model_path()
    except ModelError as e:
        pytest.skip(f"pkuseg model not in the cache ({e.code}); run 'ie segment fetch-pkuseg'")


def _words(doc: Doc) -> list[str]:
    return [t.text for t in doc]


def test_tokenizer_segmenters_are_listed():
    assert SEGMENTERS == ("jieba", "pkuseg", "char")


@pytest.mark.parametrize("segmenter", ["jieba", "char", "pkuseg"])
@pytest.mark.parametrize("numeral_split", [True, False])
def test_tokenizer_keeps_the_text_exactly(tokenizer, segmenter, numeral_split):
    doc = tokenizer(segmenter, numeral_split)(TEXT)
    assert isinstance(doc, Doc)
    assert doc.text == TEXT
    assert all(t.text for t in doc)


@pytest.mark.parametrize("segmenter", ["jieba", "char", "pkuseg"])
def test_tokenizer_number_and_unit_edges_are_token_boundaries(tokenizer, segmenter):
    doc = tokenizer(segmenter)(TEXT)
    for part in ("10279.02万元", "99.24%", "565  件", "11个"):
        start = TEXT.index(part)
        assert doc.char_span(start, start + len(part)) is not None, part


def test_tokenizer_jieba_keeps_domain_words(tokenizer):
    words = _words(tokenizer("jieba")("部门预算执行率和社情民意信息"))
    assert "预算执行率" in words
    assert "社情民意信息" in words
    assert "预算执行率" in DEFAULT_USER_WORDS


def test_tokenizer_jieba_custom_user_words(vocab):
    tok = IETokenizer(vocab, segmenter="jieba", user_words=["政协民生平台专项"])
    assert "政协民生平台专项" in _words(tok("政协民生平台专项预算"))


def test_tokenizer_char_gives_one_token_per_character(vocab):
    doc = IETokenizer(vocab, segmenter="char", numeral_split=False)("市政协565件")
    assert _words(doc) == list("市政协565件")


def test_tokenizer_numeral_split_switch(tokenizer):
    text = "执行率99.24%"
    split = _words(tokenizer("jieba", numeral_split=True)(text))
    assert "99.24" in split and "%" in split
    whole = _words(tokenizer("jieba", numeral_split=False)(text))
    assert "99.24%" in whole


def test_tokenizer_unknown_segmenter_is_e011(vocab):
    with pytest.raises(ModelError) as info:
        IETokenizer(vocab, segmenter="thulac")
    assert info.value.code == "E011"
    assert "jieba, pkuseg, char" in str(info.value)


def test_tokenizer_loads_its_segmenter_lazily(vocab):
    tok = IETokenizer(vocab, segmenter="jieba")
    assert tok._cut is None
    tok("测试")
    assert tok._cut is not None


def test_tokenizer_pkuseg_splits_glued_numbers(tokenizer):
    text = "执行数10279.02万元"
    glued = _words(tokenizer("pkuseg", numeral_split=False)(text))
    split = _words(tokenizer("pkuseg", numeral_split=True)(text))
    assert "".join(glued) == "".join(split) == text
    assert "10279.02" in split


def test_tokenizer_pkuseg_without_model_is_e012(vocab, tmp_path, monkeypatch):
    pytest.importorskip("spacy_pkuseg")
    monkeypatch.setenv("IE_CACHE", str(tmp_path))
    tok = IETokenizer(vocab, segmenter="pkuseg")
    with pytest.raises(ModelError) as info:
        tok("测试")
    assert info.value.code == "E012"
    assert "fetch-pkuseg" in str(info.value)


# --- serialization ------------------------------------------------------------------------------

def test_tokenizer_to_bytes_round_trip(vocab):
    tok = IETokenizer(vocab, segmenter="char", numeral_split=False, user_words=["甲乙"])
    other = IETokenizer(vocab).from_bytes(tok.to_bytes())
    assert (other.segmenter, other.numeral_split, other.user_words) == ("char", False, ["甲乙"])


def test_tokenizer_to_disk_round_trip(vocab, tmp_path):
    tok = IETokenizer(vocab, segmenter="char", numeral_split=False, user_words=["甲乙"])
    tok.to_disk(tmp_path / "tok")
    assert (tmp_path / "tok" / "cfg.json").is_file()
    other = IETokenizer(vocab, segmenter="jieba")
    other("先加载")  # a loaded segmenter is dropped by from_disk
    assert other.from_disk(tmp_path / "tok") is other
    assert (other.segmenter, other.numeral_split, other.user_words) == ("char", False, ["甲乙"])
    assert other._cut is None
    assert _words(other("甲乙1")) == ["甲", "乙", "1"]


def test_tokenizer_user_words_survive_a_pipeline_round_trip(tmp_path):
    nlp = blank("jieba")
    nlp.tokenizer.user_words.append("政协民生平台专项")
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert isinstance(loaded.tokenizer, IETokenizer)
    assert "政协民生平台专项" in loaded.tokenizer.user_words
    assert "政协民生平台专项" in _words(loaded("政协民生平台专项预算"))


# --- registry and blank() ------------------------------------------------------------------------

def test_tokenizer_is_registered():
    assert registry.tokenizers.get("ie.zh_tokenizer.v1") is create_tokenizer
    make = create_tokenizer(segmenter="char", numeral_split=False)
    tok = make(spacy.blank("zh"))
    assert isinstance(tok, IETokenizer)
    assert (tok.segmenter, tok.numeral_split) == ("char", False)


def test_tokenizer_blank_pipeline_uses_it():
    nlp = blank("char", numeral_split=False)
    assert nlp.lang == "zh"
    assert isinstance(nlp.tokenizer, IETokenizer)
    assert (nlp.tokenizer.segmenter, nlp.tokenizer.numeral_split) == ("char", False)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "ie.zh_tokenizer.v1"
    assert [t.text for t in nlp("共5件")] == ["共", "5", "件"]


def test_tokenizer_blank_with_unknown_segmenter_is_e011():
    with pytest.raises(ModelError) as info:
        blank("thulac")
    assert info.value.code == "E011"


@pytest.mark.parametrize("text, org", [
    ("负责市政协委员提案办理", "市政协"),            # the dictionary word 政协委员 would hide it
    ("在穗全国政协委员、省政协委员", "全国政协"),
    ("被确定为区委书记、区长督办", "区委"),
    ("已由省财政厅收回统筹使用", "省财政厅"),
])
def test_tokenizer_jieba_org_short_forms_are_tokens(tokenizer, text, org):
    doc = tokenizer("jieba")(text)
    start = text.index(org)
    assert doc.char_span(start, start + len(org)) is not None, _words(doc)


def test_tokenizer_split_words_survive_a_round_trip(vocab):
    tok = IETokenizer(vocab, split_words=["政协委员"])
    other = IETokenizer(vocab, split_words=[]).from_bytes(tok.to_bytes())
    assert other.split_words == ["政协委员"]
