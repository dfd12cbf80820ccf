"""Stage 1: every supported encoding decodes; bad input is refused with the file named."""

from __future__ import annotations

import codecs

import pytest

from summarizer.errors import InputError
from summarizer.read import read_document

SAMPLE = "到2025年，地区生产总值超3500亿元。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decodes_supported_encodings(tmp_path, data, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    source = read_document(path)
    assert source.text == SAMPLE
    assert source.encoding == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00def\xff\x00", "NUL"),
        (b"\x80\x81abc" * 10, "cannot decode"),
    ],
)
def test_refuses_bad_input_naming_the_file(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value)
    assert reason in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_a_file_without_chinese_is_refused(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("GDP will grow by 6% in 2025. 目标\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"memo.txt: no Chinese text \(2 Chinese characters\)"):
        read_document(path)
