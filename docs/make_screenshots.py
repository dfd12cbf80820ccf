"""Screenshots of the review site for the README: the index, seed 002's page with an item selected, and the
comparison page of the committed work reports with one of its charts.

PYTHONPATH=$PWD .venv/bin/python docs/make_screenshots.py      # from the repository root; writes docs/*.png
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the Chromium launch the browser tests use

from browser import launch  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from summarizer.compare import MEASURES, compare_indicators  # noqa: E402
from summarizer.site import build_site, load_briefing, site_documents, write_site  # noqa: E402


def main() -> None:
    briefings = sorted(REPO.glob("outputs/00[0-4]_*.json"))
    loaded = [(path, load_briefing(path)) for path in briefings]
    documents = site_documents(loaded, cwd=REPO)
    comparison = [dataclasses.asdict(row) for row in compare_indicators([(str(p), b) for p, b in loaded])]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        site = Path(folder)
        write_site(build_site(documents, comparison, MEASURES), site)
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 560})
        page.goto((site / "index.html").as_uri())
        page.screenshot(path=str(REPO / "docs" / "review-index.png"), full_page=True)
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        page.goto((site / next(d.page for d in documents if d.page.startswith("002"))).as_uri())
        page.locator("#list-goals input.filter").fill("生态")
        page.locator("#list-goals tbody tr:visible").nth(2).click()
        page.evaluate("document.getElementById('list-goals').scrollIntoView()")  # the list from its heading
        page.screenshot(path=str(REPO / "docs" / "review-page.png"))
        # The comparison page of the committed work reports: their targets of the year side by side, and the
        # 2018 targets of 海拉尔区 against the results its 2019 report gives.
        reports = [
            p for p in sorted(REPO.glob("outputs/*.json")) if load_briefing(p).document.doc_type == "政府工作报告"
        ]
        report_docs = [(path, load_briefing(path)) for path in reports]
        rows = [dataclasses.asdict(row) for row in compare_indicators([(str(p), b) for p, b in report_docs])]
        reports_site = site / "reports"
        write_site(build_site(site_documents(report_docs, cwd=REPO), rows, MEASURES), reports_site)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto((reports_site / "compare.html").as_uri())
        page.evaluate("document.querySelector('svg.chart').closest('tr').scrollIntoView()")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(REPO / "docs" / "compare-page.png"))
        gdp = page.locator("tr", has=page.locator("svg.chart")).filter(has_text="gdp").first
        gdp.scroll_into_view_if_needed()
        gdp.screenshot(path=str(REPO / "docs" / "compare-chart.png"))
        browser.close()
    print("wrote docs/review-index.png, docs/review-page.png, docs/compare-page.png and docs/compare-chart.png")


if __name__ == "__main__":
    main()
