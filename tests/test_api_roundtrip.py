"""ie.load("rules") -> nlp.to_disk() -> spacy.load() in a fresh process that never imports ie itself.

spaCy finds the ie components, tokenizer and normalizer through the entry points in
setup.cfg; the loaded pipeline must give the same entities, values and links.
"""
from __future__ import annotations

import json
import subprocess
import sys

import ie

TEXT = ("广州市政协办公厅 2021 年部门整体支出绩效自评报告\n"
        "2021年，市政协征集提案 565 件，召开10场专家座谈会，增强“四个意识”。\n"
        "基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。共募集善款约70万元。\n"
        "单位：万元\n项目\t年初预算数\t全年执行数\n年度资金总额\t100\t98.5\n其他资金\t20\t19\n"
        "三级指标\t年度指标值\t实际完成值\t分值\t得分\n召开学习会议次数\t≥100次\t123次\t10\t10\n"
        "自评评分为95.25分。\n")

PROBE = r"""
import json, sys
import spacy
assert "ie" not in sys.modules
nlp = spacy.load(sys.argv[1])
text = sys.stdin.read()
doc = nlp(text)
def span(s):
    return None if s is None else [s.start_char, s.end_char, s.label_]
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "tokenizer": type(nlp.tokenizer).__module__ + "." + type(nlp.tokenizer).__name__,
    "ents": [[e.start_char, e.end_char, e.label_, None if e._.value is None else str(e._.value), e._.unit,
              e._.approx, e._.role, span(e._.indicator), span(e._.task)] for e in doc.ents],
    "links": sorted([span(s) for s in doc.spans["ie_links"]]),
    "metadata": {k: (str(v) if v is not None else None) for k, v in doc._.metadata.items()},
    "exclusions_kept": "三个务必" in nlp.get_pipe("ie_quantity_rules").exclusions,
}, ensure_ascii=False))
"""


def _summary(nlp, text: str) -> dict:
    doc = nlp(text)

    def span(s):
        return None if s is None else [s.start_char, s.end_char, s.label_]

    return {
        "pipe_names": nlp.pipe_names,
        "ents": [[e.start_char, e.end_char, e.label_, None if e._.value is None else str(e._.value), e._.unit,
                  e._.approx, e._.role, span(e._.indicator), span(e._.task)] for e in doc.ents],
        "links": sorted([span(s) for s in doc.spans["ie_links"]]),
        "metadata": {k: (str(v) if v is not None else None) for k, v in doc._.metadata.items()},
    }


def test_api_roundtrip_fresh_process_without_importing_ie(tmp_path):
    nlp = ie.load("rules")
    nlp.get_pipe("ie_quantity_rules").exclusions.append("三个务必")  # a custom lexicon entry travels too
    model = tmp_path / "ie_rules"
    nlp.to_disk(model)
    expected = _summary(nlp, TEXT)
    assert expected["ents"], "the probe text must give entities"

    # -I: no PYTHONPATH, no cwd on sys.path; ie is found only as the installed package
    proc = subprocess.run([sys.executable, "-I", "-c", PROBE, str(model)], input=TEXT, capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["tokenizer"] == "ie.segment.tokenizer.IETokenizer"
    assert got["exclusions_kept"] is True
    for key in ("pipe_names", "ents", "links", "metadata"):
        assert got[key] == expected[key], key


def test_api_roundtrip_entry_points_resolve_without_ie():
    probe = ("import spacy, sys\n"
             "from spacy.util import registry\n"
             "assert 'ie' not in sys.modules\n"
             "registry.tokenizers.get('ie.zh_tokenizer.v1')\n"
             "registry.misc.get('ie.quantity_normalizer.v1')\n"
             "registry.architectures.get('ie.RuleFeatureEmbed.v1')\n"
             "nlp = spacy.blank('zh')\n"
             "for name in ['ie_quantity_rules', 'ie_tables', 'ie_values', 'ie_linker', 'ie_metadata']:\n"
             "    nlp.add_pipe(name)\n"
             "print(nlp.pipe_names)\n")
    proc = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "ie_metadata" in proc.stdout


def test_api_roundtrip_bundled_model_in_a_fresh_process_without_importing_ie():
    """models/ie_zh (rule features embedded by ie.RuleFeatureEmbed.v1) loads through the entry points alone."""
    import spacy
    from pathlib import Path

    model = Path(__file__).resolve().parents[1] / "models" / "ie_zh"
    expected = _summary(spacy.load(model), TEXT)
    assert any(e[2] == "MONEY" for e in expected["ents"]), "the probe text must give quantities"
    proc = subprocess.run([sys.executable, "-I", "-c", PROBE, str(model)], input=TEXT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["pipe_names"][:4] == ["ie_quantity_rules", "ie_tables", "tok2vec", "ner"]
    for key in ("pipe_names", "ents", "links", "metadata"):
        assert got[key] == expected[key], key
