from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG151"
RULE = "audit-finding-unreported"
AUDIT = "ledger/audits/tls-br.yaml"
BODY = """\
kind: tls-br
periods:
  - start: 2024-12-15
    end: 2025-12-14
    statement: 2026-03-11
    findings:
      - {id: f1, text: One CRL was published late.%s}
"""  # the finding: line 7
INCIDENT = """\
title: Audit finding f1
status: open
opened: %s
owner: PKI team
summary: The auditor found one CRL published late.
timeline:
  - {at: 2026-03-01T09:00Z, event: Found.}
"""


def test_72_hours_from_the_statement_day_at_the_boundary(tmp_path: Path) -> None:
    files = {AUDIT: BODY % ""}
    assert found(tmp_path / "a", CODE, files, "2026-03-13T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-03-14T00:00:00Z") == []
    assert found(tmp_path / "c", CODE, files, "2026-03-14T00:00:01Z") == [(CODE, 7)]


def test_a_linked_incident_opened_in_time_meets_it_and_late_is_history(tmp_path: Path) -> None:
    on_time = {AUDIT: BODY % ", incident: inc", "incidents/inc.yaml": INCIDENT % "2026-03-14T00:00Z"}
    late = {AUDIT: BODY % ", incident: inc", "incidents/inc.yaml": INCIDENT % "2026-03-14T00:00:01Z"}
    assert obligations(tmp_path / "a", RULE, on_time, "2026-04-01T00:00Z")[0][1] == "met"
    assert obligations(tmp_path / "b", RULE, late, "2026-04-01T00:00Z")[0][1] == "met-late"
    # an incident opened before the statement disclosed the finding already
    early = {AUDIT: BODY % ", incident: inc", "incidents/inc.yaml": INCIDENT % "2026-02-01T00:00Z"}
    assert obligations(tmp_path / "c", RULE, early, "2026-04-01T00:00Z")[0][1] == "met"


def test_aware_starts_the_clock_when_recorded(tmp_path: Path) -> None:
    files = {AUDIT: BODY % ", aware: 2026-02-01T10:00Z"}
    assert found(tmp_path / "a", CODE, files, "2026-02-04T10:00:00Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-02-04T10:00:01Z") == [(CODE, 7)]


def test_applies_to_findings_known_from_irg_3_0_on_2025_03_01(tmp_path: Path) -> None:
    before = {AUDIT: BODY.replace("2026-03-11", "2025-02-28") % ""}
    after = {AUDIT: BODY.replace("2026-03-11", "2025-03-01") % ""}
    assert found(tmp_path / "a", CODE, before, "2025-06-01T00:00Z") == []
    assert found(tmp_path / "b", CODE, after, "2025-06-01T00:00Z") == [(CODE, 7)]


def test_the_finding_cites_the_guidelines_in_force_when_the_ca_became_aware(
    tmp_path: Path,
) -> None:
    from rulecase import judge

    v30 = {AUDIT: BODY.replace("2026-03-11", "2025-06-02") % ""}
    found_v30 = [d for d in judge(tmp_path / "a", v30, "2025-07-01T00:00Z").open if d.code == CODE]
    assert found_v30[0].source.startswith(
        'CCADB Incident Reporting Guidelines v3.0, "When are reports expected?"')
    v32 = {AUDIT: BODY.replace("2026-03-11", "2026-03-25") % ""}
    found_v32 = [d for d in judge(tmp_path / "b", v32, "2026-04-01T00:00Z").open if d.code == CODE]
    assert 'v3.2, "What is considered an audit finding?"' in found_v32[0].source


def test_a_linked_incident_not_yet_disclosed_does_not_meet_it(tmp_path: Path) -> None:
    undisclosed = INCIDENT.replace("opened: %s\n", "aware: 2026-03-12T09:00Z\n")
    files = {AUDIT: BODY % ", incident: inc", "incidents/inc.yaml": undisclosed}
    assert obligations(tmp_path, RULE, files, "2026-04-01T00:00Z")[0][1] == "late"
