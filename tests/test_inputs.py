"""Word files and web pages as users download them: their text and tables reach the stages as the
text convention of `summarizer/inputs`, refusals are one line, and the extracted text is written
beside the briefing so that every quote can be checked against a file on disk."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from fakes import empty_responder, fake_model
from test_pipeline import assert_traceable
from typer.testing import CliRunner

from summarizer import cli
from summarizer.clean import clean_text
from summarizer.errors import InputError
from summarizer.read import read_document
from summarizer.tables import find_tables

runner = CliRunner()

PARAGRAPHS = [
    "东川市国民经济和社会发展第十四个五年规划纲要",
    "第一章 发展基础",
    "“十三五”时期，全市地区生产总值年均增长7.5%，达到500亿元。",
    "专栏1:主要指标",
]
TABLE = [
    ["类别", "指标名称", "单位", "2020年", "2025年", "属性"],
    ["一、经济发展(2项)", None, None, None, None, None],  # merged across the row, as Word prints it
    ["经济", "地区生产总值", "亿元", "500", "750", "预期性"],
    ["经济", "研发经费投入增长", "%", "-", "10", "预期性"],
]
AFTER = ["第二章 发展目标", "到2025年，建成区域性物流枢纽城市，建设青石大桥等重点工程。"]


def rows_of(text: str) -> list[tuple]:
    tables, _ = find_tables(clean_text(text))
    return [
        (i.name, i.unit, i.baseline and i.baseline.value.number, i.target and i.target.value.number, i.category)
        for t in tables
        for i in t.indicators
    ]


EXPECTED_ROWS = [("地区生产总值", "亿元", 500, 750, "经济发展"), ("研发经费投入增长", "%", None, 10, "经济发展")]


def make_docx(path) -> None:
    document = docx.Document()
    document.add_heading(PARAGRAPHS[0], level=0)
    document.add_heading(PARAGRAPHS[1], level=1)
    run = document.add_paragraph("“十三五”时期，全市地区生产总值").add_run("年均增长7.5%，")
    run.add_break(WD_BREAK.LINE)  # a soft line break inside a paragraph is layout, not a paragraph end
    run.add_text("达到500亿元。")
    document.add_paragraph(PARAGRAPHS[3])
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(1, 5))
    for line in AFTER:
        document.add_paragraph(line)
    document.save(path)


def test_word_paragraphs_and_tables_come_in_body_order(tmp_path):
    make_docx(tmp_path / "plan.docx")
    source = read_document(tmp_path / "plan.docx")
    assert source.format == "docx" and source.extracted
    lines = [line for line in source.text.splitlines() if line.strip()]
    assert lines[:4] == PARAGRAPHS
    assert lines[-2:] == AFTER
    assert rows_of(source.text) == EXPECTED_ROWS


PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>东川市人民政府门户网站</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/hd">政民互动</a></div>
<div class="article"><h1>{title}</h1><div id="zoom">
<p>　　{p1}</p><p>　　{p2}</p><p>{caption}</p>
<table border="1">{rows}</table>
{more}<p>　　{p3}</p><p>　　{p4}</p>
</div></div>
<div class="footer">主办单位：东川市人民政府办公室 版权所有 网站标识码：4300000000 湘ICP备00000000号</div>
</body></html>"""


# A real article runs to pages; on a page of three paragraphs trafilatura falls back to a cruder
# extraction that keeps the navigation and flattens tables.
MORE = "".join(
    f"<p>　　第{n}项，推进城乡融合发展，完善基础设施，提升公共服务水平，增强人民群众获得感。</p>" for n in range(1, 9)
)


def page_bytes(encoding: str = "gb18030") -> bytes:
    def row(cells):
        if cells[1] is None:
            return f'<tr><td colspan="6">{cells[0]}</td></tr>'
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    html = PAGE.format(
        title=PARAGRAPHS[0],
        p1=PARAGRAPHS[1],
        p2=PARAGRAPHS[2],
        caption=PARAGRAPHS[3],
        rows="".join(row(r) for r in TABLE),
        p3=AFTER[0],
        p4=AFTER[1],
        more=MORE,
    )
    return html.encode(encoding)


def test_a_gbk_web_page_gives_its_article_and_table_without_navigation(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(page_bytes())
    source = read_document(path)
    assert source.format == "html"
    lines = [line for line in source.text.splitlines() if line.strip()]
    for paragraph in PARAGRAPHS + AFTER:
        assert paragraph in lines, paragraph
    for furniture in ("政民互动", "版权所有", "ICP"):
        assert furniture not in source.text
    assert rows_of(source.text) == EXPECTED_ROWS


def test_a_page_saved_without_a_suffix_is_still_read_as_a_page(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(page_bytes("utf-8").replace(b"gb2312", b"utf-8"))
    assert read_document(path).format == "html"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("notice.doc", "this is a legacy Word file (.doc), which summarizer cannot read; save it as .docx"),
        ("notice.wps", "this is a WPS file (.wps), which summarizer cannot read; save it as .docx"),
    ],
)
def test_legacy_word_and_wps_files_are_refused_saying_how_to_convert(tmp_path, name, said):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # an OLE compound file's header
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value).startswith(f"{path}: {said}")
    assert "libreoffice --headless --convert-to docx" in str(info.value)


def test_a_damaged_word_file_is_one_clear_line(tmp_path):
    path = tmp_path / "broken.docx"
    make_docx(path)
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(InputError, match=r"broken\.docx: the Word file is damaged"):
        read_document(path)


@pytest.fixture
def fake_backend(monkeypatch):
    monkeypatch.setattr(cli, "build_model", lambda *args, **kwargs: fake_model(empty_responder)[0])


def test_the_extracted_text_is_written_beside_the_briefing_and_indexes_every_quote(tmp_path, fake_backend):
    make_docx(tmp_path / "plan.docx")
    result = runner.invoke(cli.app, ["summarize", str(tmp_path / "plan.docx"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    briefing = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    document = briefing["document"]
    text = (tmp_path / "out" / document["text_file"]).read_text(encoding="utf-8")
    assert document["format"] == "docx" and document["text_file"] == "plan.source.txt"
    assert document["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert document["sha256"] == hashlib.sha256((tmp_path / "plan.docx").read_bytes()).hexdigest()
    assert briefing["indicators"]
    from summarizer.models import Briefing

    assert_traceable(Briefing.model_validate(briefing), text)


def test_a_bad_file_gets_its_own_error_before_the_model_is_built(tmp_path, monkeypatch):
    def no_model(*args, **kwargs):
        raise AssertionError("the model was built for a run with nothing readable")

    monkeypatch.setattr(cli, "build_model", no_model)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli.app, ["summarize", str(tmp_path / "empty.txt")])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {tmp_path / 'empty.txt'}: the file is empty"


def test_a_missing_model_package_names_the_package_install(monkeypatch, tmp_path):
    from summarizer import model_files

    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))  # no model assembled before
    monkeypatch.setattr(model_files.importlib.util, "find_spec", lambda name: None)
    (tmp_path / "doc.txt").write_text("到2025年,全市地区生产总值超3500亿元。" * 2, encoding="utf-8")
    result = runner.invoke(cli.app, ["summarize", str(tmp_path / "doc.txt"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "pip install 'summarizer[local]'" in result.output


def test_exclude_skips_files_and_folders_by_glob(tmp_path, fake_backend):
    for relative in ("a.txt", "README.md", "drafts/b.txt", "sub/README.md", "sub/c.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("到2025年,全市地区生产总值超3500亿元。", encoding="utf-8")
    files, errors = cli.expand_paths([str(tmp_path)], ("README.md", "drafts"))
    assert errors == []
    assert [os.path.relpath(f, tmp_path) for f in files] == ["a.txt", "sub/c.txt"]


def test_written_files_follow_the_umask(tmp_path, fake_backend):
    (tmp_path / "doc.txt").write_text("到2025年,全市地区生产总值超3500亿元。", encoding="utf-8")
    result = runner.invoke(cli.app, ["summarize", str(tmp_path / "doc.txt"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    from summarizer.cache import _UMASK

    for written in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~_UMASK, written.name


def test_one_document_in_two_formats_and_named_twice_gets_one_briefing_per_format(tmp_path, fake_backend):
    make_docx(tmp_path / "plan.docx")
    (tmp_path / "plan.txt").write_text("\n".join(PARAGRAPHS + AFTER), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        cli.app, ["summarize", str(tmp_path / "plan.txt"), str(tmp_path), "-o", str(out), "-q", "--exclude", "out"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "plan.docx.json",
        "plan.docx.md",
        "plan.docx.source.txt",
        "plan.json",
        "plan.md",
    ]


def test_a_word_heading_known_only_by_its_style_opens_a_section(tmp_path):
    from summarizer.pipeline import summarize_source

    document = docx.Document()
    document.add_paragraph("东川市人民政府关于加快物流枢纽建设的实施意见")
    document.add_heading("发展环境", level=1)  # no 第X章 or 一、: only the Word style says it is a heading
    document.add_paragraph("到2025年，全市社会物流总额达到3000亿元，建成区域性物流枢纽城市。")
    document.save(tmp_path / "plan.docx")
    source = read_document(tmp_path / "plan.docx")
    assert "# 发展环境" in source.text.splitlines()
    briefing = summarize_source(source, None)
    assert briefing.indicators and all(i.evidence.section == "发展环境" for i in briefing.indicators)


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("scanned.pdf", "the PDF has no text layer; run OCR first (it looks like a scan)"),
        ("encrypted.pdf", "the PDF is encrypted; save an unprotected copy (or remove the password) and retry"),
        ("damaged.pdf", "the PDF is damaged or not a PDF (Unexpected EOF)"),
        ("legacy.doc", "this is a legacy Word file (.doc), which summarizer cannot read; save it as .docx"),
        ("legacy.wps", "this is a WPS file (.wps), which summarizer cannot read; save it as .docx"),
    ],
)
def test_each_refused_file_is_one_line_and_exit_2_before_any_model(tmp_path, monkeypatch, name, said):
    def no_model(*args, **kwargs):
        raise AssertionError("the model was built for a run with nothing readable")

    monkeypatch.setattr(cli, "build_model", no_model)
    result = runner.invoke(cli.app, ["summarize", str(FIXTURES / name), "-o", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {FIXTURES / name}: {said}")
    assert list(tmp_path.iterdir()) == []


def test_a_portal_page_laid_out_in_tables_gives_paragraphs_and_keeps_its_data_table(tmp_path):
    body = "".join(
        f"<p>（{i}）第{i}项任务。加快建设某某平台，完善服务体系，提升治理能力和水平。</p>" for i in range(1, 9)
    )
    page = (
        '<html><head><meta charset="utf-8"><title>某某方案</title></head><body>'
        '<table width="930"><tr><td><table><tr><td>发文机关：</td><td>青河市人民政府</td></tr></table>'
        f"<table><tr><td><p>青河市人民政府关于印发某某方案的通知</p>{body}</td></tr></table></td></tr></table>"
        "<p>附表</p><table><tr><th>指标</th><th>2025年</th><th>2030年</th></tr>"
        "<tr><td>森林覆盖率（%）</td><td>40</td><td>45</td></tr></table></body></html>"
    )
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="utf-8")
    text = read_document(path).text
    assert "\n（2）第2项任务。" in text and "\n（3）第3项任务。" in text  # the layout cell's paragraphs
    assert "| 森林覆盖率（%） | 40 | 45 |" in text  # a table of data stays a table
