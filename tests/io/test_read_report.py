"""ie.io.read: read_report and collect_inputs, with one InputError (E001–E008) per bad input."""
from __future__ import annotations

import hashlib
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
    assert SUFFIXES == (".txt",)


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


def test_read_utf16_file_is_reported_as_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    _raises("E003", path)


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


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "report", "report.txt.bak"])
def test_read_wrong_suffix_is_e007(tmp_path, name):
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    err = _raises("E007", path)
    assert "Convert it to .txt" in str(err)


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
    for rel in ["b/2.txt", "b/1.TXT", "b/sub/3.txt", "b/skip.pdf", "b/sub/notes.md"]:
        (tmp_path / rel).write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "dir.txt").mkdir()  # a folder named like a report is not a report
    files, errors = collect_inputs([tmp_path / "b"])
    assert errors == []
    assert files == sorted([tmp_path / "b/1.TXT", tmp_path / "b/2.txt", tmp_path / "b/sub/3.txt"])


def test_read_collect_folder_without_reports_is_e006(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF")
    files, errors = collect_inputs([folder])
    assert files == []
    assert [e.code for e in errors] == ["E006"]
    assert str(folder) in str(errors[0]) and "*.txt" in str(errors[0])


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
