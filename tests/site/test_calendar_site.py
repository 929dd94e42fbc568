"""The compliance calendar on the site: a real `ledger build --strict` (MkDocs) of a ledger
imported from CCADB's report, plus hostile record text; the annual view, the certificate and
audit pages, their links, and the pages in headless Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.conftest import Watched, build, run, serve
from tests.site.test_build import Links, _resolve

SAMPLE = Path(__file__).resolve().parents[3] / "shared/data/ccadb/AllCertificateRecords-sample.csv"
HOSTILE_AUDIT = """\
kind: code-signing
auditor: "<script>window.__pwned = 1</script> Audit & Co"
certificates: [hostile-ca]
periods:
  - start: 2025-01-01
    end: 2025-12-31
    findings:
      - id: f1
        text: "[click](javascript:window.__pwned=2) <img src=http://outside.invalid/x.png>"
        severity: "<b onmouseover=alert(1)>major</b>"
"""
HOSTILE_CERT = """\
name: "Hostile <iframe src=http://outside.invalid/f></iframe> CA"
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC3
type: intermediate
audits: [hostile]
crls:
  - {url: "http://crl.example.com/<script>.crl", first_issued: 2026-01-01}
"""


@pytest.fixture(scope="module")
def calendar_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("calendar")
    (root / "ledger").mkdir()
    assert run("import", "ccadb", str(SAMPLE), "--owner", "A-Trust", "--root", str(root)) == 0
    (root / "ledger/audits/hostile.yaml").write_text(HOSTILE_AUDIT)
    (root / "ledger/certificates/hostile-ca.yaml").write_text(HOSTILE_CERT)
    return build(root, "--as-of", "2026-03-20")


def test_the_annual_view_lists_period_ends_due_dates_and_what_is_overdue(
    calendar_site: Path,
) -> None:
    html = (calendar_site / "calendar" / "index.html").read_text()
    assert "Compliance calendar" in html
    assert html.index("December 2025") < html.index("March 2026") < html.index("March 2027")
    assert "tls-br audit period ends" in html
    assert "2027-03-16 23:59:59 UTC" in html  # the next TLS BR statement, expected
    start = html.index('id="overdue-now"')
    overdue = html[start : html.index("<h2", start)]
    assert "cp-cps-review-overdue" in overdue and "audit-statement-overdue" not in overdue


def test_certificate_and_audit_pages_link_each_other(calendar_site: Path) -> None:
    cert = (calendar_site / "certificate" / "a-trust-root-07" / "index.html").read_text()
    assert "8AC552AD577E37AD2C6808D72AA331D6A96B4B3FEBFF34CE9BC0578E08055EC3" in cert
    assert 'href="../../audit/tls-br/"' in cert
    audit = (calendar_site / "audit" / "tls-br" / "index.html").read_text()
    assert 'href="../../certificate/a-trust-root-09/"' in audit
    assert "2026-03-16 23:59:59 UTC" in audit and "ledger-state-met" in audit


def test_the_calendar_pages_have_no_broken_internal_links(calendar_site: Path) -> None:
    broken = []
    for page in [calendar_site / "calendar/index.html",
                 *calendar_site.glob("certificate/*/index.html"),
                 *calendar_site.glob("audit/*/index.html")]:  # fmt: skip
        links = Links()
        links.feed(page.read_text())
        for target in links.targets:
            if "://" in target or target.startswith(("//", "mailto:")):
                continue
            dest, _ = _resolve(calendar_site, page.resolve(), target)
            if not dest.exists():
                broken.append(f"{page}: {target}")
    assert broken == []


def test_hostile_text_is_escaped_in_the_html(calendar_site: Path) -> None:
    for rel in ("audit/hostile/index.html", "certificate/hostile-ca/index.html",
                "calendar/index.html"):  # fmt: skip
        html = (calendar_site / rel).read_text()
        assert "<script>window" not in html and "<iframe" not in html and "<img src=http" not in html
        assert 'href="javascript' not in html.lower()


@pytest.fixture(scope="module")
def calendar_url(calendar_site: Path) -> Iterator[str]:
    yield from serve(calendar_site)


def test_the_pages_are_inert_in_a_browser(watched: Watched, calendar_url: str) -> None:
    page = watched.page
    for path in ("/calendar/", "/audit/hostile/", "/certificate/hostile-ca/"):
        page.goto(calendar_url + path)
        for link in page.locator("article").get_by_text("click").all():
            if link.is_visible():
                link.click(force=True)
    time.sleep(0.3)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("article").locator("img, script, iframe").count() == 0
    assert watched.errors == [] and watched.dialogs == [] and watched.outside == []


def test_a_build_as_of_an_earlier_day_shows_the_calendar_as_it_stood(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "ledger").mkdir(parents=True)
    assert run("import", "ccadb", str(SAMPLE), "--owner", "A-Trust", "--root", str(root)) == 0
    (root / "ledger/certificates/later-ca.yaml").write_text(
        HOSTILE_CERT.replace("Hostile <iframe src=http://outside.invalid/f></iframe> CA", "Later CA")
        .replace("audits: [hostile]\n", "created: 2026-06-01\n")
    )
    site = build(root, "--as-of", "2026-03-01")
    assert not (site / "certificate" / "later-ca").exists()
    audit = (site / "audit" / "tls-br" / "index.html").read_text()
    assert "2026-03-11" not in audit  # the statement came later
    assert "ledger-state-open" in audit
