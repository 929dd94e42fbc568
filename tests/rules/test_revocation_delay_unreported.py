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


def test_applies_to_revocations_due_from_2025_03_01(tmp_path: Path) -> None:
    fields = 'received: "2025-02-27T10:00Z"\nreason: key-compromise\n'
    assert report(tmp_path / "a", CODE, fields, "2025-06-01T00:00Z") == []
    fields = 'received: "2025-02-28T10:00Z"\nreason: key-compromise\n'
    assert report(tmp_path / "b", CODE, fields, "2025-06-01T00:00Z") == [(CODE, 5)]
