from __future__ import annotations

from pathlib import Path

from contactcase import messages, report

CODE = "LDG130"
RECEIVED = 'received: "2025-05-02T10:00Z"\nreason: key-compromise\n'  # line 4
DELAY = """\
title: Delayed revocation
status: open
opened: {opened}
owner: PKI team
summary: Revocation of the reported certificate was delayed.
tags: [{tag}]
related: [origin]
timeline:
  - {{at: 2025-05-01T09:00Z, event: Reported.}}
"""
ORIGIN = """\
title: The incident the report led to
status: open
opened: 2025-05-02T12:00Z
owner: PKI team
summary: A key compromise.
timeline:
  - {at: 2025-05-02T12:00Z, event: Reported.}
"""


def incidents(opened: str, tag: str = "leaf-revocation-delay") -> dict[str, str]:
    return {
        "incidents/origin.yaml": ORIGIN,
        "incidents/delay.yaml": DELAY.format(opened=opened, tag=tag),
    }


def test_72_hours_after_the_missed_revocation(tmp_path: Path) -> None:
    # revocation due 2025-05-03T10:00Z; the separate report by 2025-05-06T10:00Z
    fields = RECEIVED + "incident: origin\n"
    origin = {"incidents/origin.yaml": ORIGIN}
    assert report(tmp_path, CODE, fields, "2025-05-06T10:00:00Z", more=origin) == []
    assert report(tmp_path, CODE, fields, "2025-05-06T10:00:01Z", more=origin) == [(CODE, 5)]
    [message] = messages(tmp_path, CODE, "2025-05-06T11:00:00Z")
    assert message == (
        "the separate incident report on the missed revocation of problem report r"
        " is 1 hour overdue (deadline 2025-05-06 10:00 UTC)"
    )


def test_a_linked_revocation_delay_incident_meets_it(tmp_path: Path) -> None:
    fields = RECEIVED + "incident: origin\n"
    on_time = incidents("2025-05-06T10:00Z")
    assert report(tmp_path / "a", CODE, fields, "2025-06-01T00:00Z", more=on_time) == []
    assert report(tmp_path / "a", CODE, fields, "2025-06-01T00:00Z", more=on_time,
                  history=True) == []
    late = incidents("2025-05-06T10:01Z")
    assert report(tmp_path / "b", CODE, fields, "2025-06-01T00:00Z", more=late,
                  history=True) == [(CODE, 5)]


def test_an_incident_not_tagged_revocation_delay_does_not_count(tmp_path: Path) -> None:
    fields = RECEIVED + "incident: origin\n"
    untagged = incidents("2025-05-04T00:00Z", tag="ca-compliance")
    assert report(tmp_path, CODE, fields, "2025-06-01T00:00Z", more=untagged) == [(CODE, 5)]


def test_revoked_in_time_owes_nothing(tmp_path: Path) -> None:
    fields = RECEIVED + 'revoked: "2025-05-03T10:00Z"\n'
    assert report(tmp_path, CODE, fields, "2025-06-01T00:00Z") == []
    assert report(tmp_path, CODE, fields, "2025-06-01T00:00Z", history=True) == []


def test_revoked_late_still_needs_the_report(tmp_path: Path) -> None:
    fields = RECEIVED + 'revoked: "2025-05-04T10:00Z"\n'  # the finding points at `revoked`
    assert report(tmp_path, CODE, fields, "2025-05-06T10:00:01Z") == [(CODE, 6)]


def test_should_from_irg_1_0_must_from_3_0(tmp_path: Path) -> None:
    # IRG v1.0 (2023-02-15) "should submit an additional, separate incident report"; v3.0 MUST
    mozilla = "programs: [mozilla]\n"
    fields = 'received: "2023-02-13T10:00Z"\nreason: key-compromise\n'
    assert severities(tmp_path / "a", fields, mozilla) == []
    fields = 'received: "2023-02-14T10:00Z"\nreason: key-compromise\n'
    assert severities(tmp_path / "b", fields, mozilla) == ["warning"]
    fields = 'received: "2025-02-27T10:00Z"\nreason: key-compromise\n'
    assert severities(tmp_path / "c", fields, mozilla) == ["warning"]
    fields = 'received: "2025-02-28T10:00Z"\nreason: key-compromise\n'
    assert severities(tmp_path / "d", fields, mozilla) == ["error"]


def test_chrome_made_the_secondary_report_a_must_from_1_6(tmp_path: Path) -> None:
    fields = 'received: "2025-02-14T10:00Z"\nreason: key-compromise\n'  # due 2025-02-15
    chrome = "programs: [chrome]\n"
    assert severities(tmp_path / "a", fields, chrome) == ["error"]
    assert severities(tmp_path / "b", fields, "programs: [mozilla]\n") == ["warning"]


def severities(root: Path, fields: str, policy: str | None = None) -> list[str]:
    from contactcase import CPR_CONTACT, REPORT
    from rulecase import judge

    files = {"ledger/contacts/cpr.yaml": CPR_CONTACT, "ledger/problem-reports/r.yaml": REPORT + fields}
    if policy is not None:
        files["ledger/policy.yaml"] = policy
    return [d.severity for d in judge(root, files, "2026-01-01T00:00Z").open if d.code == CODE]


def test_a_separate_report_elsewhere_listed_under_related_meets_it(tmp_path: Path) -> None:
    # the report's incident links the separate Bugzilla bug with its filing time
    origin = ORIGIN + (
        "related:\n  - {ref: 'https://bugzilla.mozilla.org/show_bug.cgi?id=1888882',"
        " relation: revocation-delay, opened: 2025-05-06T09:00Z}\n"
    )
    fields = RECEIVED + "incident: origin\n"
    more = {"incidents/origin.yaml": origin}
    assert report(tmp_path / "a", CODE, fields, "2025-06-01T00:00Z", more=more, history=True) == []
    late = {"incidents/origin.yaml": origin.replace("2025-05-06T09:00Z", "2025-05-07T09:00Z")}
    assert report(tmp_path / "b", CODE, fields, "2025-06-01T00:00Z", more=late, history=True) == [
        (CODE, 5)
    ]
    # as of before the separate bug was filed, the report is still owed
    assert report(tmp_path / "c", CODE, fields, "2025-05-06T10:00:01Z", more=late) == [(CODE, 5)]
