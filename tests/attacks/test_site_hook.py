"""The allowlist runs on every page however the site is built: plain `mkdocs build` (the
plugin's hook) and `ledger build` with a mkdocs.yml that leaves the plugin out (the hook is
added). The mark of the allowlist: it gives every link `rel="noopener noreferrer"`."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import main
from tests.attacks.live import problems
from tests.site.conftest import REPO
from tests.site.test_plugin import _mkdocs, _repo_copy

PAGE = "incident/cfca-cpr-response/index.html"


def _links_are_sanitised(site: Path) -> None:
    html = (site / PAGE).read_text()
    content = html[html.index("<article") : html.index("</article>")]
    links = [a for a in re.findall(r"<a [^>]*>", content) if "md-tag" not in a]  # theme: tags
    assert links and all('rel="noopener noreferrer"' in a for a in links), links
    assert [p for page in site.rglob("*.html") for p in problems(page)] == []


def test_plain_mkdocs_build(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)
    # after 2024-03-19 (aware): main's as-of view has no page for the incident before it
    done = _mkdocs(root, as_of="2024-04-01")
    assert done.returncode == 0, done.stderr
    _links_are_sanitised(root / "site")


def test_ledger_build_with_a_mkdocs_yml_without_the_plugin(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)
    config = (REPO / "mkdocs.yml").read_text()
    without = re.sub(r"  - compliance-ledger:\n      root: \.\n", "", config)
    assert without != config
    (root / "mkdocs.yml").write_text(without)
    assert main(["build", "--root", str(root), "--site-dir", str(root / "out")]) == 0
    _links_are_sanitised(root / "out")
