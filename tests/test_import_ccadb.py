"""`ledger import ccadb`: CCADB's All Certificate Records report (the real header and rows in
../shared/data/ccadb/) → certificate, audit and document records, re-imported in place."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator.cli import main
from helpers import snapshot

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ccadb"
SAMPLE = DATA / "AllCertificateRecords-sample.csv"
OWNER = "A-Trust"


def sample_rows() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_report(path: Path, change: dict[str, str] | None = None, rows: int = 2) -> Path:
    """The sample report, with `change` (column → value) applied to each of its rows."""
    header, body = sample_rows()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in body[:rows]:
        for column, value in (change or {}).items():
            row[header.index(column)] = value
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def run(root: Path, *args: str) -> int:
    return main([*args, "--root", str(root)])


def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "ledger").mkdir(parents=True)
    return root


def due(root: Path, as_of: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run(root, "due", "--as-of", as_of, "--format", "json") == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def check(root: Path, as_of: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = run(root, "check", "--as-of", as_of, "--format", "json")
    found = json.loads(capsys.readouterr().out or "[]")
    return code, [f"{d['name']}:{d['record']}" for d in found]


def test_the_sample_report_makes_valid_records_of_the_owner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    out = capsys.readouterr().out
    assert "created ledger/certificates/a-trust-root-07.yaml" in out
    assert "2 certificates, 3 audit statements, 1 policy documents" in out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml")) == [
        "ledger/audits/standard.yaml",
        "ledger/audits/tls-br.yaml",
        "ledger/audits/tls-evg.yaml",
        "ledger/certificates/a-trust-root-07.yaml",
        "ledger/certificates/a-trust-root-09.yaml",
        "ledger/documents/a-sign-ssl-ev-cps.yaml",
    ]
    assert run(root, "validate") == 0
    cert = (root / "ledger/certificates/a-trust-root-09.yaml").read_text()
    assert "sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2" in cert
    assert "trust: {mozilla: not-included, chrome: not-included, apple: not-included, " in cert
    assert "audits: [standard, tls-br, tls-evg]" in cert


def test_the_issue_rows_statement_on_time_next_due_2027_03_16_and_cps_review_from_2025_08_30(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    rows = due(root, "2026-03-20", capsys)
    tls_br = [(r["due"], r["state"]) for r in rows
              if r["rule"] == "audit-statement-overdue" and r["record"] == "tls-br"]  # fmt: skip
    assert tls_br == [("2026-03-16T23:59:59Z", "met"), ("2027-03-16T23:59:59Z", "open")]
    review = "cp-cps-review-overdue:a-sign-ssl-ev-cps"
    assert review not in check(root, "2025-08-29T23:59:59Z", capsys)[1]
    code, names = check(root, "2025-08-30T00:00:00Z", capsys)
    assert code == 1 and names == [review]


def test_importing_the_same_report_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    before = snapshot(root)
    capsys.readouterr()
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    assert snapshot(root) == before
    assert "0 records created, 0 updated, 6 unchanged" in capsys.readouterr().out


INCIDENT = """\
title: Audit finding, one CRL published late
status: open
opened: 2026-03-12T09:00Z
owner: PKI team
summary: The auditor found one CRL published late.
timeline:
  - {at: 2026-03-12T09:00Z, event: Disclosed.}
"""


def test_a_later_report_with_the_statement_clears_the_finding_and_keeps_what_a_person_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    first = write_report(
        tmp_path / "first.csv",
        {"TLS BR Audit Statement Date": "", "TLS BR Audit URL": ""},
    )
    assert run(root, "import", "ccadb", str(first), "--owner", OWNER) == 0
    assert "audit-statement-overdue:tls-br" in check(root, "2026-03-20", capsys)[1]
    # a person links the auditor's finding to its incident, and comments the audit line
    audit = root / "ledger/audits/tls-br.yaml"
    text = audit.read_text().replace("periods:\n", "periods:  # the 2025 audit, see bug 1\n")
    audit.write_text(
        text + "    findings:\n      - {id: f1, text: One CRL published late., incident: crl}\n"
    )
    (root / "incidents").mkdir()
    (root / "incidents/crl.yaml").write_text(INCIDENT)
    cert = root / "ledger/certificates/a-trust-root-07.yaml"
    cert.write_text(cert.read_text() + "notes: Kept in the HSM room.  # ours\n")
    assert run(root, "validate") == 0
    later = write_report(tmp_path / "later.csv")
    capsys.readouterr()
    assert run(root, "import", "ccadb", str(later), "--owner", OWNER) == 0
    out = capsys.readouterr().out
    assert "updated ledger/audits/tls-br.yaml: period 2024-12-15 to 2025-12-14: statement" in out
    code, names = check(root, "2026-03-20", capsys)
    assert "audit-statement-overdue:tls-br" not in names
    assert not [n for n in names if n.startswith("audit-finding-unreported")]
    after = audit.read_text()
    assert "periods:  # the 2025 audit, see bug 1\n" in after
    assert "      - {id: f1, text: One CRL published late., incident: crl}\n" in after
    assert "    statement: 2026-03-11\n" in after
    assert cert.read_text().endswith("notes: Kept in the HSM room.  # ours\n")
    before = snapshot(root)
    assert run(root, "import", "ccadb", str(later), "--owner", OWNER) == 0
    assert snapshot(root) == before


def test_a_new_period_and_a_new_cps_version_are_added_to_the_records_the_ledger_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    next_year = write_report(
        tmp_path / "next.csv",
        {
            "TLS BR Audit URL": "https://example.com/2026-tls-br.pdf",
            "TLS BR Audit Statement Date": "2027-03-01",
            "TLS BR Audit Period Start Date": "2025-12-15",
            "TLS BR Audit Period End Date": "2026-12-14",
            "CP/CPS Effective Date": "2025-08-20",
        },
    )
    assert run(root, "import", "ccadb", str(next_year), "--owner", OWNER) == 0
    audit = (root / "ledger/audits/tls-br.yaml").read_text()
    assert audit.count("  - start: ") == 2 and "url: \"https://example.com/2026-tls-br.pdf\"" in audit
    document = (root / "ledger/documents/a-sign-ssl-ev-cps.yaml").read_text()
    assert document.count("effective: ") == 2
    code, names = check(root, "2027-03-20", capsys)
    assert "audit-statement-overdue:tls-br" not in names
    assert "audit-statement-overdue:standard" in names  # the report has no 2026 standard audit
    assert "audit-period-gap:tls-br" not in names


def test_a_file_that_is_not_the_report_and_an_unknown_owner_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("name,value\na,b\n")
    assert run(root, "import", "ccadb", str(other), "--owner", OWNER) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not CCADB's All Certificate Records report" in err
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", "A-trust") == 2
    assert "did you mean 'A-Trust'?" in capsys.readouterr().err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert run(root, "import", "ccadb", str(binary), "--owner", OWNER) == 2
    assert "is not UTF-8" in capsys.readouterr().err
    assert snapshot(root) == {}


def test_bad_values_in_a_row_are_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    report = write_report(
        tmp_path / "bad.csv",
        {"Standard Audit Statement Date": "11 March 2026", "Standard Audit URL": "javascript:x",
         "JSON Array of All Full CRL URLs": "[not json"},
    )  # fmt: skip
    assert run(root, "import", "ccadb", str(report), "--owner", OWNER) == 0
    err = capsys.readouterr().err
    assert "'11 March 2026' is not a date (YYYY-MM-DD): left out" in err
    assert "'javascript:x' is not an http(s) address: left out" in err
    assert "JSON Array of All Full CRL URLs is not a JSON array: left out" in err
    assert run(root, "validate") == 0


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER, "--dry-run") == 0
    assert "would be created ledger/audits/tls-br.yaml" in capsys.readouterr().out
    assert snapshot(root) == {}


def test_the_benchmark_report_imports_with_parents_and_inherited_audits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.bench_import_ccadb import OWNER as BENCH_OWNER
    from bench.bench_import_ccadb import generate

    report = tmp_path / "report.csv"
    generate(report, owners=50, rows=4, seed=3)
    root = ledger(tmp_path)
    assert run(root, "import", "ccadb", str(report), "--owner", BENCH_OWNER) == 0
    assert run(root, "validate") == 0
    certs = [p.read_text() for p in (root / "ledger/certificates").glob("*.yaml")]
    assert len(certs) == 12
    inherited = [c for c in certs if "type: intermediate" in c and "parent: " in c]
    assert inherited and all("audits: [" in c for c in inherited)
    before = snapshot(root)
    assert run(root, "import", "ccadb", str(report), "--owner", BENCH_OWNER) == 0
    assert snapshot(root) == before


def test_hostile_values_stay_values_and_broken_csv_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ledger(tmp_path)
    report = write_report(
        tmp_path / "hostile.csv",
        {"Certificate Name": 'Root: "x"\n- evil: [1]\n# not a comment', "Audit Firm": "{a: 1}",
         "TLS BR Audit Type": "!!python/object:os.system", "Country": "../../etc"},
        rows=1,
    )  # fmt: skip
    assert run(root, "import", "ccadb", str(report), "--owner", OWNER) == 0
    assert run(root, "validate") == 0
    [cert] = (root / "ledger/certificates").glob("*.yaml")
    assert cert.name == "root-x-evil-1-not-a-comment.yaml"
    assert 'name: "Root: \\"x\\" - evil: [1] # not a comment"\n' in cert.read_text()
    assert 'criteria: "!!python/object:os.system"' in (root / "ledger/audits/tls-br.yaml").read_text()
    huge = tmp_path / "huge.csv"  # a field over csv's limit (128 KiB)
    huge.write_bytes(SAMPLE.read_bytes().replace(b"A-Trust-Root-07", b"x" * 200_000))
    assert run(root, "import", "ccadb", str(huge), "--owner", OWNER) == 2
    assert "not a readable CSV file" in capsys.readouterr().err


def test_imported_records_have_a_history_and_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    root = ledger(tmp_path)
    env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(root)}

    def commit(message: str, when: str) -> None:
        dated = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["add", "-A"], ["commit", "-q", "-m", message]):
            subprocess.run(["git", *args], cwd=root, env=dated, check=True)

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=env, check=True)
    first = write_report(tmp_path / "first.csv", {"TLS BR Audit Statement Date": ""})
    assert run(root, "import", "ccadb", str(first), "--owner", OWNER) == 0
    commit("CCADB report of March", "2026-03-01T12:00:00+00:00")
    assert run(root, "import", "ccadb", str(SAMPLE), "--owner", OWNER) == 0
    commit("CCADB report of April", "2026-04-01T12:00:00+00:00")
    capsys.readouterr()
    assert run(root, "history", "tls-br") == 0
    assert "CCADB report of April" in capsys.readouterr().out
    assert run(root, "diff", "HEAD~1", "HEAD", "--as-of", "2026-04-02", "--format", "json") == 0
    changes = json.loads(capsys.readouterr().out)["findings"]
    assert [(c["change"], c["code"]) for c in changes] == [("resolved", "LDG150")]
