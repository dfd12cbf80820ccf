"""`summarizer export`: the four lists as CSV files or an xlsx workbook, with their evidence."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import REPO
from openpyxl import load_workbook
from test_compare import briefing, indicator, saved
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.export import COLUMNS, LISTS, csv_cell, list_rows
from summarizer.models import Briefing, Evidence, KeyProject

OUTPUTS = REPO / "outputs"
runner = CliRunner()
SEEDS = ("000_3bfffffac80c5d41", "002_0e369cfbaccd2f2f")


def committed() -> list[tuple[str, Briefing]]:
    return [
        (str(OUTPUTS / f"{s}.json"), Briefing.model_validate_json((OUTPUTS / f"{s}.json").read_text())) for s in SEEDS
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def hostile() -> Briefing:
    """Document text that a spreadsheet would run as a formula, and a value that is only a negative number."""
    quote = '=HYPERLINK("http://x","点击")'
    b = briefing("东川市", indicator("=1+1", "-5%", quote=quote), indicator("@SUM(A1)", "+3亿元"))
    project = KeyProject(
        id="p1",
        name="青石大桥",
        location="-cmd|'/C calc'!A0",
        evidence=Evidence(quote="建设青石大桥。", start=0, end=7, alignment="exact"),
    )
    return b.model_copy(update={"key_projects": [project]})


def test_rows_flatten_indicators_with_document_and_evidence():
    rows = list_rows(committed(), "indicators")
    by_doc = {}
    for row in rows:
        by_doc.setdefault(row["file"], []).append(row)
    assert [len(v) for v in by_doc.values()] == [len(b.indicators) for _, b in committed()]
    gdp = next(r for r in rows if r["name"] == "地区生产总值" and r["target_value"] == "750")
    assert gdp["document"].startswith("湘乡市国民经济和社会发展第十四个五年规划")
    assert (gdp["baseline_year"], gdp["baseline_value"], gdp["target_year"], gdp["target_number"]) == (
        2020,
        "500.24",
        2025,
        750.0,
    )
    assert gdp["attribute"] == "预期性" and gdp["table"] == "专栏2 第1项"
    assert gdp["quote"] and gdp["end"] > gdp["start"]
    assert list(gdp) == list(COLUMNS["indicators"])


def test_csv_export_writes_one_file_per_list(tmp_path):
    paths = [saved(tmp_path / f"{s}.json", b) for s, (_, b) in zip(SEEDS, committed(), strict=True)]
    out = tmp_path / "sheets"
    result = runner.invoke(cli.app, ["export", *paths, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for which in LISTS:
        lines = read_csv(out / f"{which}.csv")
        header = (out / f"{which}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header == ",".join(COLUMNS[which])
        assert len(lines) == sum(len(getattr(b, which)) for _, b in committed())
    indicators = read_csv(out / "indicators.csv")
    assert {line["file"] for line in indicators} == set(paths)
    assert any(line["name"] == "地区生产总值" and line["target_value"] == "超3500亿元" for line in indicators)


def test_xlsx_export_has_one_sheet_per_list(tmp_path):
    paths = [saved(tmp_path / f"{s}.json", b) for s, (_, b) in zip(SEEDS, committed(), strict=True)]
    out = tmp_path / "briefings.xlsx"
    result = runner.invoke(cli.app, ["export", *paths, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    assert workbook.sheetnames == list(LISTS)
    for which in LISTS:
        sheet = workbook[which]
        header = [c.value for c in sheet[1]]
        assert header == list(COLUMNS[which])
        assert sheet.max_row - 1 == sum(len(getattr(b, which)) for _, b in committed())


def test_formula_like_text_is_neutralized_in_csv(tmp_path):
    path = saved(tmp_path / "hostile.json", hostile())
    out = tmp_path / "sheets"
    assert runner.invoke(cli.app, ["export", path, "-o", str(out)]).exit_code == 0
    indicators = read_csv(out / "indicators.csv")
    assert [line["name"] for line in indicators] == ["'=1+1", "'@SUM(A1)"]
    assert indicators[0]["quote"].startswith("'=HYPERLINK")
    assert indicators[0]["target_value"] == "-5%"  # a plain negative number is read as a number, never run
    assert indicators[1]["target_value"] == "'+3亿元"  # a number with a unit is text: it starts like a formula
    assert read_csv(out / "key_projects.csv")[0]["location"] == "'-cmd|'/C calc'!A0"
    assert csv_cell(-5.0) == -5.0 and csv_cell(None) == ""


def test_formula_like_text_is_a_string_cell_in_xlsx(tmp_path):
    path = saved(tmp_path / "hostile.json", hostile())
    out = tmp_path / "hostile.xlsx"
    assert runner.invoke(cli.app, ["export", path, "--format", "xlsx", "-o", str(out)]).exit_code == 0
    sheet = load_workbook(out)["indicators"]
    header = [c.value for c in sheet[1]]
    name = sheet.cell(row=2, column=header.index("name") + 1)
    quote = sheet.cell(row=2, column=header.index("quote") + 1)
    # Kept as written (no apostrophe), typed as text: the spreadsheet shows it and never evaluates it.
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert quote.data_type == "s" and quote.value.startswith("=HYPERLINK")
    assert "<f>" not in _sheet_xml(out, "indicators")


def _sheet_xml(path: Path, name: str) -> str:
    import zipfile

    workbook = load_workbook(path)
    index = workbook.sheetnames.index(name) + 1
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def test_export_errors_and_bad_format(tmp_path):
    result = runner.invoke(cli.app, ["export", str(tmp_path / "gone.json"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "gone.json: no such file" in result.output
    good = saved(tmp_path / "good.json", briefing("东川市", indicator("地区生产总值", "8%")))
    result = runner.invoke(cli.app, ["export", good, "--format", "ods", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--format must be csv, xlsx or parquet" in result.output


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    briefing = sorted((REPO / "outputs").glob("*.json"))[0]
    result = runner.invoke(cli.app, ["export", str(briefing), "--format", "parquet", "-o", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "Parquet needs pyarrow: pip install 'summarizer[parquet]'" in result.output
