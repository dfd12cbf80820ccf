"""Screenshots of the review site for the README: the index, seed 002's page with an item selected, and the
comparison page.

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
        page = browser.new_page(viewport={"width": 1400, "height": 700})
        page.goto((site / "compare.html").as_uri())
        page.screenshot(path=str(REPO / "docs" / "compare-page.png"))
        browser.close()
    print("wrote docs/review-index.png, docs/review-page.png and docs/compare-page.png")


if __name__ == "__main__":
    main()
