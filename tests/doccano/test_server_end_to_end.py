"""End to end against a real doccano 1.8.4: serve, push, edit as two annotators, pull, agree.

Starts one server for the module (installing doccano into its virtualenv the
first time, about a minute; later runs reuse the virtualenv) with a fresh
database, and stops it at the end.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app as cli_app
from ie.corpus.jsonl import read_jsonl, write_jsonl
from ie.doccano import DoccanoError, server
from ie.doccano.agreement import agreement
from ie.doccano.client import DoccanoSession
from ie.doccano.credentials import Credentials
from ie.doccano.pull import pull
from ie.doccano.push import load_pushed, push, read_records, snapshot_path
from ie.errors import AnnotationError

pytestmark = pytest.mark.slow

PROJECT = "e2e budget reports"

# 𠀀 (U+20000) is two UTF-16 units; ５６５ is full-width; both texts have CRLF line ends
TEXT_A = "𠀀市政协征集提案５６５ 件，\r\n预算执行率99.24%。"
TEXT_B = "基本支出预算数10322.48万元，执行数\r\n10279.02万元；2021年𠀀自评得分95.25分。"


def _span(text: str, eid: int, label: str, phrase: str) -> dict:
    start = text.index(phrase)
    return {"id": eid, "label": label, "start_offset": start, "end_offset": start + len(phrase)}


def _rel(rid: int, src: int, dst: int, rtype: str) -> dict:
    return {"id": rid, "from_id": src, "to_id": dst, "type": rtype}


# the model's predictions, with mistakes for the annotators to fix:
# ５６５ 件 labeled MONEY, 2021年 tagged as a COUNT, 执行数 and two relations missed
PUSHED = [
    {"id": 101, "text": TEXT_A, "meta": {"source": "a.txt", "doc_start": 0},
     "entities": [_span(TEXT_A, 1, "ORG", "市政协"), _span(TEXT_A, 2, "INDICATOR", "征集提案"),
                  _span(TEXT_A, 3, "MONEY", "５６５ 件"), _span(TEXT_A, 4, "INDICATOR", "预算执行率"),
                  _span(TEXT_A, 5, "PERCENT", "99.24%")],
     "relations": [_rel(1, 3, 2, "indicator"), _rel(2, 5, 4, "indicator")]},
    {"id": 102, "text": TEXT_B, "meta": {"source": "b.txt", "doc_start": 1200},
     "entities": [_span(TEXT_B, 1, "TASK", "基本支出"), _span(TEXT_B, 2, "INDICATOR", "预算数"),
                  _span(TEXT_B, 3, "MONEY", "10322.48万元"), _span(TEXT_B, 4, "MONEY", "10279.02万元"),
                  _span(TEXT_B, 5, "COUNT", "2021年"), _span(TEXT_B, 6, "INDICATOR", "自评得分"),
                  _span(TEXT_B, 7, "SCORE", "95.25分")],
     "relations": [_rel(1, 3, 2, "indicator"), _rel(2, 3, 1, "task"), _rel(3, 7, 6, "indicator")]},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _password() -> str:
    return "Pw-" + secrets.token_urlsafe(12)


@pytest.fixture(scope="module")
def base() -> Path:
    """Cache folder for the test server: the virtualenv is kept between runs, the data is not."""
    base = Path(os.environ.get("IE_TEST_CACHE") or server.default_cache_dir().parent / "test")
    root = base / "doccano"
    server.stop(root)  # a server left over by an interrupted run
    for name in ("home", "pushed", "server.json"):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return base


@pytest.fixture(scope="module")
def admin() -> Credentials:
    return Credentials("ie-admin", _password())


@pytest.fixture(scope="module")
def running(base: Path, admin: Credentials):
    root = base / "doccano"
    result = server.serve(admin, port=_free_port(), cache_dir=root, timeout=240)
    print(f"doccano ready in {result.seconds:.1f} s (installed now: {result.installed})")
    yield result
    stopped = server.stop(root)
    assert sorted(stopped) == sorted([result.web_pid, result.worker_pid])
    assert not any(Path(f"/proc/{pid}").exists() and server._alive(pid) for pid in stopped)


@pytest.fixture(scope="module")
def annotators(running, admin: Credentials) -> dict[str, Credentials]:
    session = DoccanoSession(running.url, admin)
    users = {}
    for name in ("alice", "bob"):
        creds = Credentials(name, _password())
        session.request("POST", "/v1/users/create", "create users",
                        json={"username": name, "email": f"{name}@example.org",
                              "password1": creds.password, "password2": creds.password})
        users[name] = creds
    return users


@pytest.fixture(scope="module")
def pushed(running, admin, annotators, base: Path, tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("push") / "predictions.jsonl"
    write_jsonl(path, PUSHED)
    records = read_records([path])
    root = base / "doccano"
    first = push(DoccanoSession(running.url, admin), PROJECT, records,
                 annotators=["alice", "bob"], cache_dir=root)
    # each annotator gets their own copy of the pre-annotations, pushed with their credentials
    copies = {name: push(DoccanoSession(running.url, creds), PROJECT, records, cache_dir=root)
              for name, creds in annotators.items()}
    again = push(DoccanoSession(running.url, admin), PROJECT, records, cache_dir=root)
    return {"first": first, "copies": copies, "again": again, "file": path}


def _by_text(session: DoccanoSession, project_id: int, example_id: int, text: str) -> dict[str, dict]:
    """This user's spans on an example, keyed by the text they cover (offsets in UTF-16)."""
    spans = session.request("GET", f"/v1/projects/{project_id}/examples/{example_id}/spans", "read").json()
    raw = text.encode("utf-16-le")
    return {raw[2 * s["start_offset"]:2 * s["end_offset"]].decode("utf-16-le"): s for s in spans}


def _edit(running, annotators, pushed) -> None:
    """Correct the pre-annotations as alice and bob, through the REST API."""
    project_id = pushed["first"].project.id
    for name, creds in annotators.items():
        s = DoccanoSession(running.url, creds)
        examples = {e["meta"]["ie_id"]: e["id"] for e in s.examples(project_id)}
        labels = {t.text: t.id for t in s.span_types(project_id)}
        rtypes = {t.text: t.id for t in s.relation_types(project_id)}
        base = f"/v1/projects/{project_id}/examples"
        a, b = examples[101], examples[102]
        spans_a, spans_b = _by_text(s, project_id, a, TEXT_A), _by_text(s, project_id, b, TEXT_B)
        # deleting the wrong date in B: both of them
        s.request("DELETE", f"{base}/{b}/spans/{spans_b['2021年']['id']}", "delete")
        # adding the missed indicator 执行数 (offsets in UTF-16: nothing astral before it)
        start = TEXT_B.index("执行数")
        added = s.request("POST", f"{base}/{b}/spans", "add", json={
            "label": labels["INDICATOR"], "start_offset": start, "end_offset": start + 3}).json()
        # the missed task of the second amount: both of them
        s.request("POST", f"{base}/{b}/relations", "relate", json={
            "from_id": spans_b["10279.02万元"]["id"], "to_id": spans_b["基本支出"]["id"],
            "type": rtypes["task"]})
        if name == "alice":
            # relabel ５６５ 件 MONEY -> COUNT, and link the second amount to its indicator
            s.request("PATCH", f"{base}/{a}/spans/{spans_a['５６５ 件']['id']}", "relabel",
                      json={"label": labels["COUNT"]})
            s.request("POST", f"{base}/{b}/relations", "relate", json={
                "from_id": spans_b["10279.02万元"]["id"], "to_id": added["id"], "type": rtypes["indicator"]})
        else:
            # bob drops the organisation in A
            s.request("DELETE", f"{base}/{a}/spans/{spans_a['市政协']['id']}", "delete")


def _view(record: dict) -> tuple:
    """A record with ids replaced by the texts they stand for."""
    text = record["text"]
    names = {e["id"]: text[e["start_offset"]:e["end_offset"]] for e in record["entities"]}
    spans = sorted((e["label"], names[e["id"]], e["start_offset"], e["end_offset"]) for e in record["entities"])
    rels = sorted((names[r["from_id"]], names[r["to_id"]], r["type"]) for r in record["relations"])
    return record["id"], record["meta"], spans, rels


def test_round_trip_with_two_annotators(running, admin, annotators, pushed, base, tmp_path):
    root = base / "doccano"
    # serve is idempotent
    again = server.serve(admin, port=int(running.url.rsplit(":", 1)[1]), cache_dir=root)
    assert again.already_running and again.web_pid == running.web_pid

    first, copies = pushed["first"], pushed["copies"]
    assert first.created_project and first.examples_created == 2 and first.preannotated == 2
    assert first.labels_created == ["MONEY", "PERCENT", "COUNT", "SCORE", "ORG", "INDICATOR", "TASK",
                                    "indicator", "task"]
    assert first.members_added == ["alice", "bob"]
    assert (first.spans, first.relations) == (12, 5)
    for result in copies.values():
        assert (result.examples_created, result.examples_reused, result.preannotated) == (0, 2, 2)
    assert pushed["again"].already_annotated == 2 and pushed["again"].spans == 0

    # doccano holds UTF-16 offsets: after 𠀀 every offset is one more than in code points
    alice = DoccanoSession(running.url, annotators["alice"])
    project_id = first.project.id
    ex_a = next(e["id"] for e in alice.examples(project_id) if e["meta"]["ie_id"] == 101)
    stored = _by_text(alice, project_id, ex_a, TEXT_A)
    assert (stored["征集提案"]["start_offset"], stored["征集提案"]["end_offset"]) == (5, 9)
    assert set(stored) == {"市政协", "征集提案", "５６５ 件", "预算执行率", "99.24%"}
    example = alice.request("GET", f"/v1/projects/{project_id}/examples/{ex_a}", "read").json()
    assert example["text"] == TEXT_A  # CRLF kept

    _edit(running, annotators, pushed)

    # pull: one version per annotator, texts and offsets exactly as pushed
    session = DoccanoSession(running.url, admin)
    baseline = load_pushed(running.url, PROJECT, root)
    assert baseline == PUSHED
    result = pull(session, PROJECT, baseline=baseline)
    assert result.annotators == ["alice", "bob"]
    for name in ("alice", "bob"):
        assert [r["text"] for r in result.versions[name]] == [TEXT_A, TEXT_B]
    a = TEXT_A.index
    b = TEXT_B.index
    expected = {
        "alice": [
            (101, {"source": "a.txt", "doc_start": 0, "annotator": "alice"},
             sorted([("ORG", "市政协", 1, 4), ("INDICATOR", "征集提案", 4, 8), ("COUNT", "５６５ 件", 8, 13),
                     ("INDICATOR", "预算执行率", 16, 21), ("PERCENT", "99.24%", 21, 27)]),
             sorted([("５６５ 件", "征集提案", "indicator"), ("99.24%", "预算执行率", "indicator")])),
            (102, {"source": "b.txt", "doc_start": 1200, "annotator": "alice"},
             sorted([("TASK", "基本支出", 0, 4), ("INDICATOR", "预算数", 4, 7),
                     ("MONEY", "10322.48万元", 7, 17), ("INDICATOR", "执行数", 18, 21),
                     ("MONEY", "10279.02万元", 23, 33), ("INDICATOR", "自评得分", b("自评得分"), b("自评得分") + 4),
                     ("SCORE", "95.25分", b("95.25分"), b("95.25分") + 6)]),
             sorted([("10322.48万元", "预算数", "indicator"), ("10322.48万元", "基本支出", "task"),
                     ("10279.02万元", "执行数", "indicator"), ("10279.02万元", "基本支出", "task"),
                     ("95.25分", "自评得分", "indicator")])),
        ],
    }
    assert a("征集提案") == 4 and b("10279.02万元") == 23 and b("自评得分") == 40
    assert [_view(r) for r in result.versions["alice"]] == expected["alice"]
    bob_a, bob_b = (_view(r) for r in result.versions["bob"])
    assert bob_a[2] == sorted([("INDICATOR", "征集提案", 4, 8), ("MONEY", "５６５ 件", 8, 13),
                               ("INDICATOR", "预算执行率", 16, 21), ("PERCENT", "99.24%", 21, 27)])
    assert bob_b[2] == expected["alice"][1][2]
    assert bob_b[3] == sorted(set(expected["alice"][1][3]) - {("10279.02万元", "执行数", "indicator")})

    # the diff against what was pushed, per label
    da, db = result.diffs["alice"], result.diffs["bob"]
    assert da.counts("span") == {
        "COUNT": {"removed": 1, "relabeled_to": 1}, "INDICATOR": {"added": 1}, "MONEY": {"relabeled_from": 1}}
    assert da.counts("relation") == {"indicator": {"added": 1}, "task": {"added": 1}}
    assert db.counts("span") == {"COUNT": {"removed": 1}, "INDICATOR": {"added": 1}, "ORG": {"removed": 1}}
    assert db.counts("relation") == {"task": {"added": 1}}

    # agreement between alice and bob
    agreed = agreement(result.versions, project=PROJECT)
    (pair,) = agreed.pairs
    assert (pair.a, pair.b, pair.texts) == ("alice", "bob", 2)
    assert (pair.spans.both, pair.spans.only_a, pair.spans.only_b) == (10, 2, 1)
    assert pair.spans.f1 == pytest.approx(20 / 23)
    assert {k: v.f1 for k, v in pair.labels.items()} == pytest.approx(
        {"MONEY": 0.8, "PERCENT": 1.0, "COUNT": 0.0, "SCORE": 1.0, "ORG": 0.0, "INDICATOR": 1.0, "TASK": 1.0})
    assert (pair.relations.both, pair.relations.only_a, pair.relations.only_b) == (6, 1, 0)
    assert pair.relations.f1 == pytest.approx(12 / 13)
    adj_a, adj_b = agreed.adjudication
    assert [c["text"] for c in adj_a["meta"]["adjudication"]["conflicts"]] == [
        "市政协", "５６５ 件", "５６５ 件 → 征集提案"]
    assert adj_a["meta"]["adjudication"]["conflicts"][1]["labels"] == {"alice": "COUNT", "bob": "MONEY"}
    assert [c["types"] for c in adj_b["meta"]["adjudication"]["conflicts"]] == [
        {"alice": "indicator", "bob": None}]
    assert (len(adj_a["entities"]), len(adj_a["relations"]), len(adj_b["entities"]), len(adj_b["relations"])) \
        == (3, 1, 7, 4)
    assert agreed.conflicts == 4

    # the adjudication file pushes to a project of its own, conflicts visible in the texts' meta
    adjudicated = push(session, PROJECT + " adjudication", agreed.adjudication, cache_dir=root)
    assert (adjudicated.examples_created, adjudicated.spans, adjudicated.relations) == (2, 10, 5)
    shown = {e["meta"]["ie_id"]: e["meta"] for e in session.examples(adjudicated.project.id)}
    assert shown[101]["adjudication"] == adj_a["meta"]["adjudication"]
    back = pull(session, PROJECT + " adjudication")
    assert back.annotators == ["ie-admin"]
    assert [_view(r)[2:] for r in back.versions["ie-admin"]] == [_view(r)[2:] for r in agreed.adjudication]
    assert "adjudication" not in back.versions["ie-admin"][0]["meta"]

    # the same through the command line: pull writes the file, refuses to overwrite it, agreement
    env = {"IE_CACHE": str(base), "IE_DOCCANO_USER": admin.username, "IE_DOCCANO_PASSWORD": admin.password}
    runner = CliRunner()
    out = tmp_path / "pulled.jsonl"
    args = ["doccano", "pull", "--project", PROJECT, "--output", str(out), "--url", running.url]
    done = runner.invoke(cli_app, args, env=env)
    assert done.exit_code == 0, done.output
    assert "wrote 4 records (alice, bob)" in done.output and "relabeled" in done.output
    assert [(r["meta"]["annotator"], r["id"]) for r in read_jsonl(out)] == [
        ("alice", 101), ("bob", 101), ("alice", 102), ("bob", 102)]
    assert [_view(r) for r in read_jsonl(out)][0::2] == expected["alice"]
    refused = runner.invoke(cli_app, args, env=env)
    assert refused.exit_code == 1 and "E111" in refused.output
    assert runner.invoke(cli_app, [*args, "--force"], env=env).exit_code == 0
    adj = tmp_path / "adj.jsonl"
    done = runner.invoke(cli_app, ["doccano", "agreement", "--project", PROJECT, "--output", str(adj),
                                   "--url", running.url], env=env)
    assert done.exit_code == 0, done.output
    assert "0.870" in done.output and "0.923" in done.output
    assert read_jsonl(adj) == agreed.adjudication

    # wrong password and unknown project: clear errors
    with pytest.raises(DoccanoError, match="E101"):
        DoccanoSession(running.url, Credentials("ie-admin", "wrong-" + _password()))
    with pytest.raises(DoccanoError, match="E103"):
        pull(session, "no such project")

    # no password in any file ie or doccano wrote, nor in the server processes' environment
    secrets_ = [admin.password, *(c.password for c in annotators.values())]
    for path in [*root.joinpath("logs").iterdir(), root / "server.json",
                 snapshot_path(running.url, PROJECT, root), out, adj]:
        content = path.read_bytes()
        assert not any(s.encode() in content for s in secrets_), path
    for pid in (running.web_pid, running.worker_pid):
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert b"IE_DOCCANO" not in environ and admin.password.encode() not in environ


def test_contract_breaking_annotation_is_refused(running, admin, annotators, pushed):
    """A relation whose target breaks the contract stops the pull with the annotator named."""
    bob = DoccanoSession(running.url, annotators["bob"])
    project_id = pushed["first"].project.id
    ex_b = next(e["id"] for e in bob.examples(project_id) if e["meta"]["ie_id"] == 102)
    spans = _by_text(bob, project_id, ex_b, TEXT_B)
    rtypes = {t.text: t.id for t in bob.relation_types(project_id)}
    # a 'task' relation pointing at an INDICATOR span
    rel = bob.request("POST", f"/v1/projects/{project_id}/examples/{ex_b}/relations", "relate", json={
        "from_id": spans["95.25分"]["id"], "to_id": spans["预算数"]["id"], "type": rtypes["task"]}).json()
    try:
        with pytest.raises(AnnotationError, match=r"E110.*annotator 'bob'.*id 102 .*task relation points to "
                                                  r"entity \d+ \(INDICATOR\)"):
            pull(DoccanoSession(running.url, admin), PROJECT)
    finally:
        bob.request("DELETE", f"/v1/projects/{project_id}/examples/{ex_b}/relations/{rel['id']}", "delete")


def _units_to_select() -> list[dict]:
    """24 short units of 8 reports, no pre-annotations: candidates for 'ie doccano push --select'."""
    orgs = ["市政协办公厅", "区财政局", "县卫生健康局", "镇人民政府", "市文化馆", "区水利局", "县教育局", "市图书馆"]
    units = []
    for r, org in enumerate(orgs):
        for k in range(3):
            budget = 100 + 37 * r + 11 * k
            text = (f"{org}第{k + 1}项支出预算数{budget}.5万元，执行数{budget - k}.2万元，执行率{95 + k}.{r}%，"
                    f"完成培训{20 + r * 3 + k}场次。")
            units.append({"id": 1000 + 10 * r + k, "text": text, "meta": {"source": f"sel{r}.txt", "doc_start": 100 * k},
                          "entities": [], "relations": []})
    return units


def test_push_select_uncertain_carries_reason(running, admin, base, tmp_path):
    """'ie doccano push --select uncertain --limit 20' sends 20 texts, each with why it was picked."""
    path = tmp_path / "units.jsonl"
    units = _units_to_select()
    write_jsonl(path, units)
    model = Path(__file__).resolve().parents[2] / "models" / "ie_zh"
    env = {"IE_CACHE": str(base), "IE_DOCCANO_USER": admin.username, "IE_DOCCANO_PASSWORD": admin.password}
    project = PROJECT + " selected"
    done = CliRunner().invoke(cli_app, ["doccano", "push", str(path), "--project", project, "--url", running.url,
                                        "--select", "uncertain", "--limit", "20", "--model", str(model)], env=env)
    assert done.exit_code == 0, done.output
    assert "texts: 20 uploaded" in done.output
    session = DoccanoSession(running.url, admin)
    found = session.find_project(project)
    examples = session.examples(found.id)
    assert len(examples) == 20
    by_id = {u["id"]: u for u in units}
    ranks = []
    for example in examples:
        meta = example["meta"]
        pick = meta["select"]
        assert pick["strategy"] == "uncertain" and pick["reason"].startswith("ner unsure")
        assert example["text"] == by_id[meta["ie_id"]]["text"]
        ranks.append(pick["rank"])
    assert sorted(ranks) == list(range(1, 21))
    # the diversity guard: no report more than 3 times
    counts = {}
    for example in examples:
        counts[example["meta"]["source"]] = counts.get(example["meta"]["source"], 0) + 1
    assert max(counts.values()) <= 3
    # a pull gives the texts back without the selection note (it is no part of their identity)
    back = pull(session, project)
    assert all("select" not in r["meta"] for r in back.versions.get("ie-admin", []))
    # an unknown strategy fails before any upload
    refused = CliRunner().invoke(cli_app, ["doccano", "push", str(path), "--project", project, "--url",
                                           running.url, "--select", "loudest"], env=env)
    assert refused.exit_code == 1 and "E650" in refused.output
