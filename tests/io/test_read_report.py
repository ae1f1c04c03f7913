"""ie.io.read: read_report and collect_inputs, with one InputError per bad input.

The formats themselves are tested in test_formats_*.py, the hostile corpus in
test_hostile_inputs.py.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest

from ie.errors import IEError, InputError
from ie.io.read import DEFAULT_MAX_MB, SUFFIXES, RawDocument, collect_inputs, read_report

TEXT = "基本支出预算数 10322.48 万元，征集提案565件。\n"


def _raises(code: str, path: Path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_report(path, **kwargs)
    err = info.value
    assert err.code == code
    message = str(err)
    assert message.startswith(f"[{code}] ")
    assert str(path) in message
    assert "\n" not in message
    return err


# --- read_report: good inputs -------------------------------------------------------------

def test_read_utf8(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = read_report(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == TEXT and doc.encoding == "utf-8" and doc.path == path
    assert doc.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def test_read_utf8_with_bom_drops_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    doc = read_report(path)
    assert doc.text == TEXT
    assert doc.encoding == "utf-8"
    # the hash is of the bytes on disk, BOM included
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_gb18030(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    doc = read_report(path)
    assert doc.text == TEXT
    assert doc.encoding == "gb18030"


def test_read_accepts_uppercase_suffix(tmp_path):
    path = tmp_path / "R.TXT"
    path.write_text(TEXT, encoding="utf-8")
    assert read_report(path).text == TEXT


def test_read_default_limit_and_suffixes():
    assert DEFAULT_MAX_MB == 50
    assert SUFFIXES == (".txt", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".xlsx", ".xls", ".et", ".csv",
                        ".html", ".htm")


def test_read_raw_document_fields_and_defaults(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = read_report(path)
    assert (doc.format, doc.pages) == ("txt", None)
    assert doc.page_of(0) is None
    assert RawDocument(path, "x", "utf-8", "0" * 64) == RawDocument(path, "x", "utf-8", "0" * 64, "txt", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "changed"  # type: ignore[misc]
    paged = RawDocument(path, "ab\ncd", "n/a", "0" * 64, "pdf", [(0, 2), (3, 5)])
    assert [paged.page_of(i) for i in range(6)] == [1, 1, None, 2, 2, None]


# --- read_report: bad inputs ------------------------------------------------------------------

def test_read_empty_file_is_e002(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _raises("E002", path)


def test_read_whitespace_only_file_is_e002(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n ")
    _raises("E002", path)


def test_read_nul_bytes_is_e003(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00\x00binary")
    _raises("E003", path)


@pytest.mark.parametrize(("encoding", "read_as"), [
    ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),   # with BOM, then without
    ("utf-32", "utf-32-le"), ("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"), ("utf-8-sig", "utf-8"),
])
def test_read_unicode_text_with_or_without_bom(tmp_path, encoding, read_as):
    path = tmp_path / "u.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = read_report(path)
    assert (doc.text, doc.encoding) == (TEXT, read_as)


def test_read_undecodable_is_e004_with_first_bad_byte(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("正文".encode("utf-8") + b"\xff\xfe\xff")
    err = _raises("E004", path)
    assert err.kwargs["offset"] == 6
    assert "first bad byte at 6" in str(err)
    assert "UTF-8" in str(err)


def test_read_too_large_is_e005_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 51 MB on paper, nothing written
        f.truncate(51 * 1024 * 1024)
    err = _raises("E005", path)
    assert "51.0 MB" in str(err) and "50 MB limit" in str(err)
    assert "--max-mb" in str(err)


def test_read_max_mb_is_respected(tmp_path):
    path = tmp_path / "two_mb.txt"
    path.write_text("征" * (700 * 1024), encoding="utf-8")  # ~2.1 MB
    _raises("E005", path, max_mb=1)
    assert read_report(path, max_mb=3).text.startswith("征")


@pytest.mark.parametrize("name", ["report", "report.txt.bak", "report.md", "report.ppt"])
def test_read_unsupported_suffix_is_e007(tmp_path, name):
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    err = _raises("E007", path)
    assert "Convert it to .txt" in str(err) and ".docx, .pdf" in str(err)


@pytest.mark.parametrize("name, expected", [("report.pdf", "a PDF file"), ("report.docx", "a Word (.docx) file"),
                                            ("report.xlsx", "an Excel (.xlsx) file"),
                                            ("report.doc", "a Word/WPS (.doc/.wps) file"),
                                            ("report.et", "an Excel/WPS (.xls/.et) file"),
                                            ("report.ofd", "an OFD file")])
def test_read_text_named_like_a_binary_format_is_e040(tmp_path, name, expected):
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    err = _raises("E040", path)
    assert f"not {expected}" in str(err) and "plain text" in str(err) and "rename" in str(err)


def test_read_html_named_csv_is_read_as_csv_text(tmp_path):
    # no signature to go by: the suffix decides, which is safe for text formats
    path = tmp_path / "t.csv"
    path.write_text("<b>提案</b>,565件\n", encoding="utf-8")
    assert read_report(path).text == "<b>提案</b>\t565件"


def test_read_binary_office_file_of_another_kind_is_e046(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))   # no Word or Excel stream
    assert "Save the report as .docx" in str(_raises("E046", path))


def test_read_fifo_is_e041_without_blocking(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert "named pipe" in str(_raises("E041", path))


def test_read_broken_symlinks_are_e042(tmp_path):
    (tmp_path / "dangling.txt").symlink_to("nowhere.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    assert "nowhere.txt does not exist" in str(_raises("E042", tmp_path / "dangling.txt"))
    assert "loop" in str(_raises("E042", tmp_path / "loop.txt"))


def test_read_symlink_to_a_report_is_read(tmp_path):
    (tmp_path / "real.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert read_report(tmp_path / "link.txt").text == TEXT


def test_read_max_chars_is_e050(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert "--max-mb" in str(_raises("E050", path, max_chars=10))


def test_read_unreadable_path_is_e008(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    err = _raises("E008", path)
    assert "cannot read" in str(err)


def test_read_missing_file_is_e008(tmp_path):
    _raises("E008", tmp_path / "gone.txt")


def test_read_errors_are_ie_errors(tmp_path):
    path = tmp_path / "empty.txt"
    path.touch()
    with pytest.raises(IEError):
        read_report(path)


# --- collect_inputs -----------------------------------------------------------------------------

def test_read_collect_expands_folders_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "sub").mkdir()
    for rel in ["b/2.txt", "b/1.TXT", "b/sub/3.txt", "b/skip.ppt", "b/sub/notes.md"]:
        (tmp_path / rel).write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "dir.txt").mkdir()  # a folder named like a report is not a report
    files, errors = collect_inputs([tmp_path / "b"])
    assert [(e.code, Path(e.kwargs["path"]).name) for e in errors] == [("E055", "skip.ppt"), ("E055", "notes.md")]
    assert files == sorted([tmp_path / "b/1.TXT", tmp_path / "b/2.txt", tmp_path / "b/sub/3.txt"])


def test_read_collect_folder_without_reports_is_e006(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "report.ppt").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "notes.md").write_text("# notes", encoding="utf-8")
    files, errors = collect_inputs([folder])
    assert files == []
    assert [e.code for e in errors] == ["E055", "E055", "E006"]
    assert str(folder) in str(errors[-1]) and "*.txt" in str(errors[-1])


def test_read_collect_missing_path_is_e001(tmp_path):
    files, errors = collect_inputs([tmp_path / "missing.txt"])
    assert files == []
    assert [e.code for e in errors] == ["E001"]
    assert "missing.txt" in str(errors[0])


def test_read_collect_keeps_files_as_given_and_goes_on_after_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    files, errors = collect_inputs([tmp_path / "nope.txt", good, empty_dir, pdf])
    # explicit files are kept whatever their suffix: read_report rejects them with E007
    assert files == [good, pdf]
    assert [e.code for e in errors] == ["E001", "E006"]
    assert all(isinstance(e, InputError) for e in errors)


def test_read_collect_finds_every_format_lists_the_rest_and_skips_hidden(tmp_path):
    names = ["a.txt", "b.DOCX", "c.pdf", "d.xlsx", "e.csv", "f.html", "g.htm", "h.doc", "i.json",
             "k.wps", "l.xls", "m.et", "n.ofd",
             ".hidden.txt", "~$lock.docx", ".git/config.txt", "sub/.cache/x.pdf", "sub/j.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    files, errors = collect_inputs([tmp_path])
    # a file that is no report is listed (E055), never dropped silently; hidden files are not searched
    assert sorted((Path(e.kwargs["path"]).name, e.code) for e in errors) == [("i.json", "E055"),
                                                                            ("~$lock.docx", "E055")]
    assert "an Office lock file" in str(next(e for e in errors if "lock" in str(e)))
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a.txt", "b.DOCX", "c.pdf", "d.xlsx", "e.csv", "f.html", "g.htm", "h.doc", "k.wps", "l.xls", "m.et",
        "n.ofd", "sub/j.txt"]


def test_read_collect_does_not_follow_folder_symlinks_so_loops_cannot_hang(tmp_path):
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "r.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # a loop
    (root / "self").symlink_to(".", target_is_directory=True)
    (root / "dangling.txt").symlink_to("gone.txt")
    (root / "link.txt").symlink_to("sub/r.txt")
    files, errors = collect_inputs([root])
    # file links are kept, folder links are not followed, a broken link is an error, not a file
    assert files == [root / "link.txt", root / "sub" / "r.txt"]
    assert [(e.code, e.kwargs["path"]) for e in errors] == [("E042", root / "dangling.txt")]
    assert all(p.resolve().is_file() for p in files)


def test_read_collect_reports_broken_links_given_explicitly(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to("loop.txt")
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to("gone.pdf")
    only_broken = tmp_path / "broken_only"
    only_broken.mkdir()
    (only_broken / "x.txt").symlink_to("missing.txt")
    files, errors = collect_inputs([loop, dangling, only_broken, tmp_path / "missing.txt"])
    assert files == []
    assert [e.code for e in errors] == ["E042", "E042", "E042", "E001"]  # no E006: the folder has a (broken) report
    assert "loop" in str(errors[0]) and "gone.pdf does not exist" in str(errors[1])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list a mode-000 folder")
def test_read_collect_reports_an_unreadable_subfolder(tmp_path):
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        files, errors = collect_inputs([tmp_path])
    finally:
        locked.chmod(0o755)
    assert files == [tmp_path / "ok.txt"]
    assert [e.code for e in errors] == ["E008"]


def test_read_collect_returns_only_regular_files_so_nothing_blocks(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "given.csv")
    files, errors = collect_inputs([folder, tmp_path / "given.csv"])
    assert files == [folder / "ok.txt"]
    assert [(e.code, e.kwargs["path"]) for e in errors] == [("E041", folder / "pipe.txt"),
                                                             ("E041", tmp_path / "given.csv")]
