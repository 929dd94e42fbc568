"""Fixtures shared by several test folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session: Playwright's sync API allows one at a time."""
    if not CHROMIUM.exists():
        reason = "browser tests need /usr/bin/chromium: apt-get install -y chromium"
        if os.environ.get("LEDGER_REQUIRE_BROWSER") == "1":  # CI (.ci/run): missing is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
