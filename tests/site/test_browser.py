"""The built site in headless Chromium (Debian's package), served from localhost only.

Every test records console errors, page errors, dialogs and any request to another host
(those are blocked and counted): the site must work on a network with no route out.
"""

from __future__ import annotations

import time
from typing import Any

from tests.site.conftest import Watched

TITLE = "CFCA: Failure to respond to a CPR in a complete and/or timely manner"


def _clean(w: Watched) -> None:
    assert w.errors == []
    assert w.outside == []
    assert w.dialogs == []


def test_dashboard_lists_the_overdue_items_at_the_as_of_date(
    watched: Watched, example_url: str
) -> None:
    page = watched.page
    page.goto(example_url + "/")
    overdue = page.locator("xpath=//h2[@id='overdue']/following::table[1]")
    text = overdue.inner_text()
    # the seed: the problem report's certificates were due for revocation 5 days after it came
    assert "cpr-2024-03-04-basic-constraints" in text and "cpr-revocation-overdue" in text
    assert "2024-03-09 00:00 UTC" in text
    assert page.locator(".ledger-count.ledger-bad .ledger-n").inner_text() != "0"
    _clean(watched)


def test_searching_an_incident_title_finds_it(watched: Watched, example_url: str) -> None:
    page = watched.page
    page.goto(example_url + "/contacts/")
    page.locator("input.md-search__input").click()
    # typed key by key: Material's search reacts to keyboard events, as for a person typing
    page.locator("input.md-search__input").press_sequentially(
        "Failure to respond to a CPR", delay=10
    )
    result = page.locator(".md-search-result__item", has_text="Failure to respond").first
    result.wait_for(timeout=10_000)
    assert "incident/cfca-cpr-response" in (result.locator("a").first.get_attribute("href") or "")
    _clean(watched)


def test_searching_an_open_action_items_words_finds_it(watched: Watched, example_url: str) -> None:
    # at the example's as-of date the CCADB contact action item is still open
    page = watched.page
    page.goto(example_url + "/contacts/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("answers it regularly", delay=10)
    result = page.locator(".md-search-result__item", has_text="Action items").first
    result.wait_for(timeout=10_000)
    assert "actions" in (result.locator("a").first.get_attribute("href") or "")
    _clean(watched)


def test_an_incident_page_shows_its_timeline_and_action_items(
    watched: Watched, example_url: str
) -> None:
    page = watched.page
    page.goto(example_url + "/incident/cfca-cpr-response/")
    assert page.locator("h1").inner_text() == TITLE
    timeline = page.locator("xpath=//h2[@id='timeline']/following::table[1]").inner_text()
    assert "2024-03-04 00:00 UTC" in timeline and "2024-03-04 08:00 UTC+08:00" in timeline
    # the timeline as it stood on 2024-04-01: 5 of the record's 10 events had happened
    assert page.locator("svg.ledger-chart circle").count() == 5
    items = page.locator("xpath=//h2[@id='action-items']/following::table[1]")
    header = items.locator("th").all_inner_texts()
    assert header == ["Id", "Action", "Kind", "Root causes", "Evaluation", "Due", "Status"]
    assert "ccadb-contact" in items.inner_text()
    _clean(watched)


def test_a_stale_build_shows_a_banner(watched: Watched, example_url: str) -> None:
    # built as of 2024-04-01: the next deadline it lists as upcoming passed long ago
    page = watched.page
    page.goto(example_url + "/actions/")
    banner = page.locator(".ledger-stale")
    banner.wait_for(timeout=5_000)
    assert "out of date" in banner.inner_text()
    _clean(watched)


def test_hostile_record_renders_inert(watched: Watched, hostile_url: str) -> None:
    page = watched.page
    page.goto(hostile_url + "/incident/hostile/")
    article = page.locator("article")
    assert "<script>window.__pwned = 1</script>" in article.inner_text()
    for link in article.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().lstrip().startswith("javascript:")
    for link in article.get_by_text("here").all() + article.get_by_text("raw").all():
        if link.is_visible():
            link.click(force=True)
    time.sleep(0.3)
    assert page.evaluate("window.__pwned === undefined")
    assert article.locator("img, script, iframe").count() == 0
    _clean(watched)


def test_every_page_kind_loads_without_errors_or_outside_requests(
    watched: Watched, example_url: str
) -> None:
    page = watched.page
    for path in (
        "/",
        "/incidents/",
        "/incidents/2024/",
        "/actions/",
        "/contacts/",
        "/problem-reports/",
        "/rules/",
        "/tags/",
        "/feeds/",
        "/incident/cfca-cpr-response/",
    ):
        response: Any = page.goto(example_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    _clean(watched)
