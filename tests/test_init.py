"""`ledger init DIR`: a ready ledger repository that passes `ledger check` at once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator import init
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "compliance-ledger==9.9"


def test_init_then_check_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ledger-repo"
    assert main(["init", str(target), "--package", PACKAGE]) == 0
    assert main(["validate", "--root", str(target)]) == 0
    assert main(["check", "--root", str(target)]) == 0, capsys.readouterr()
    for rel in (
        "incidents/README.md",
        "ledger/contacts/README.md",
        "ledger/problem-reports/README.md",
        "ledger/audits/README.md",
        "ledger/certificates/README.md",
        "ledger/policy.yaml",
        "mkdocs.yml",
        ".pre-commit-config.yaml",
        "requirements.txt",
        ".github/dependabot.yml",
        "README.md",
        *(f".github/workflows/{w}" for w in init.WORKFLOWS),
    ):
        assert (target / rel).is_file(), rel
    assert (target / ".git").is_dir() or shutil.which("git") is None


def test_the_new_ledger_accepts_records_and_still_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "r"
    assert main(["init", str(target), "--no-git", "--package", PACKAGE]) == 0
    assert (
        main(
            [
                "new",
                "contact",
                "--address",
                "cpr@example.org",
                "--owner",
                "PKI team",
                "--today",
                "2025-05-01",
                "--root",
                str(target),
            ]
        )
        == 0
    )
    assert main(["check", "--as-of", "2025-05-02", "--root", str(target)]) == 0


def test_policy_lists_every_rule_with_its_default(tmp_path: Path) -> None:
    from generator.rules import all_rules

    main(["init", str(tmp_path / "r"), "--no-git", "--package", PACKAGE])
    text = (tmp_path / "r/ledger/policy.yaml").read_text()
    for rule in all_rules():
        assert re.search(
            rf"^#   {re.escape(rule.name)}: {{severity: {rule.severity}", text, re.MULTILINE
        ), rule.name


def test_refuses_a_non_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path), "--package", PACKAGE]) == 2
    assert "is not empty (notes.txt)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_adds_only_what_is_missing_and_keeps_edits(tmp_path: Path) -> None:
    main(["init", str(tmp_path), "--no-git", "--package", PACKAGE])
    policy = tmp_path / "ledger/policy.yaml"
    policy.write_text("schema_version: 1\ntimezone: Europe/Berlin\n")
    (tmp_path / "mkdocs.yml").unlink()
    written = init.init(tmp_path, git=False, package=PACKAGE)
    assert written == [tmp_path / "mkdocs.yml"]
    assert policy.read_text() == "schema_version: 1\ntimezone: Europe/Berlin\n"


def test_site_name_and_package_are_filled_in(tmp_path: Path) -> None:
    main(
        [
            "init",
            str(tmp_path),
            "--no-git",
            "--site-name",
            "Example CA ledger",
            "--package",
            "compliance-ledger==9.9",
        ]
    )
    assert "site_name: Example CA ledger\n" in (tmp_path / "mkdocs.yml").read_text()
    lines = (tmp_path / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["compliance-ledger==9.9"]
    assert '["compliance-ledger==9.9"]' in (tmp_path / ".pre-commit-config.yaml").read_text()
    for name in init.WORKFLOWS:  # every workflow installs from requirements.txt
        text = (tmp_path / ".github/workflows" / name).read_text()
        assert text == (REPO / ".github/workflows" / name).read_text()


def test_a_package_that_is_not_one_requirement_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad in ("compliance-ledger==1\nevil==6", 'x" ]', "compliance ledger"):
        assert main(["init", str(tmp_path / "r"), "--no-git", "--package", bad]) == 2
        assert "is not a pip requirement" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
    for good in ("compliance-ledger @ git+https://example.org/x@abc", "./dist/c.whl"):
        assert init.files("S", init._checked(good))["requirements.txt"]().endswith(good + "\n")


def test_mkdocs_template_is_the_projects_own() -> None:
    """The scaffold copies the repository's mkdocs.yml; a change there must reach new ledgers."""
    assert init.scaffold_text("mkdocs.yml") == (REPO / "mkdocs.yml").read_text()
