"""The JSON Schemas: valid under the drafts editors and validators use, and judged alike by both."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "generator" / "schemas"
KINDS = (
    "incident", "contact", "problem-report", "policy", "audit", "document", "certificate", "request",
)
SHARED_DEFS = ("date", "instant", "when", "zone", "person", "text", "url", "slug", "id")

# Keywords that mean the same in draft-07 (yaml-language-server, fastjsonschema) and 2020-12.
PORTABLE_KEYWORDS = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "default", "examples",
    "type", "properties", "required", "additionalProperties", "enum", "const", "pattern",
    "minLength", "minimum", "minItems", "items", "oneOf", "anyOf", "allOf", "not",
    "if", "then", "else", "propertyNames",
}  # fmt: skip
# Draft-07 ignores every sibling of $ref, so only annotations may stand beside it.
REF_SIBLINGS = {"$ref", "title", "description", "default", "examples"}
SCHEMA_MAPS = ("properties", "$defs")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
CONDITIONS = ("if", "then", "else", "not")
SINGLE_SCHEMAS = ("items", "additionalProperties", "propertyNames", *CONDITIONS)

Schema = dict[str, Any]


@functools.cache
def _text(kind: str) -> str:
    return (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")


def load(kind: str) -> Schema:
    """A fresh copy on every call: no test can change the schema another test reads."""
    schema: Schema = json.loads(_text(kind))
    return schema


@functools.cache
def fast_validator(kind: str) -> Callable[[object], object]:
    # fastjsonschema rewrites the `$ref`s of the schema it compiles: it gets its own copy
    return fastjsonschema.compile(load(kind))


def subschemas(schema: Any, at: str = "#", conditions: bool = True) -> Iterator[tuple[str, Schema]]:
    """Each schema object under `schema` with its pointer; boolean schemas hold nothing to check."""
    if not isinstance(schema, dict):
        return
    yield at, schema
    children: list[tuple[str, Any]] = []
    for key in SCHEMA_MAPS:
        children += [(f"{at}/{key}/{name}", sub) for name, sub in schema.get(key, {}).items()]
    for key in SCHEMA_LISTS:
        children += [(f"{at}/{key}/{i}", sub) for i, sub in enumerate(schema.get(key, []))]
    for key in SINGLE_SCHEMAS:
        if key in schema and (conditions or key not in CONDITIONS):
            children.append((f"{at}/{key}", schema[key]))
    for pointer, sub in children:
        yield from subschemas(sub, pointer, conditions)


def resolve(schema: Schema, ref: str) -> Any:
    node: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_under_both_drafts(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load(kind))
    jsonschema.Draft7Validator.check_schema(load(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_header(kind: str) -> None:
    schema = load(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://compliance-ledger.dev/schemas/v1/{kind}.schema.json"
    assert schema["title"]
    assert schema["description"]


@pytest.mark.parametrize("kind", KINDS)
def test_only_portable_keywords(kind: str) -> None:
    for pointer, node in subschemas(load(kind)):
        assert set(node) <= PORTABLE_KEYWORDS, pointer
        assert not isinstance(node.get("items", {}), list), pointer
        if "$ref" in node:
            assert set(node) <= REF_SIBLINGS, pointer


@pytest.mark.parametrize("kind", KINDS)
def test_refs_are_local_and_resolve(kind: str) -> None:
    schema = load(kind)
    for pointer, node in subschemas(schema):
        if "$ref" in node:
            assert node["$ref"].startswith("#/$defs/"), pointer
            assert isinstance(resolve(schema, node["$ref"]), dict), pointer


@pytest.mark.parametrize("kind", KINDS)
def test_objects_are_closed(kind: str) -> None:
    for pointer, node in subschemas(load(kind), conditions=False):
        if "properties" in node:
            assert node.get("additionalProperties") is False, pointer


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_documented(kind: str) -> None:
    for pointer, node in subschemas(load(kind), conditions=False):
        for name, prop in node.get("properties", {}).items():
            assert prop.get("title") and prop.get("description"), f"{pointer}/properties/{name}"


@pytest.mark.parametrize("name", SHARED_DEFS)
def test_shared_definitions_are_identical(name: str) -> None:
    first, *others = (load(kind)["$defs"][name] for kind in KINDS)
    for other in others:
        assert other == first


def test_waivable_rules_are_the_configurable_rules() -> None:
    waivable = load("incident")["$defs"]["ruleName"]["enum"]
    configurable = load("policy")["properties"]["rules"]["properties"]
    assert sorted(waivable) == sorted(configurable)
    assert len(set(waivable)) == len(waivable)


WHEN_SAMPLES = [
    "2024-03-04", "2024-03-04T08:00", "2024-03-04t08:00", "2024-03-04 08:00:17Z",
    "2024-03-04T08:00+08:00", "2024-03-04T08:00:00.123456789-0500", "2024-03-04 08:00 +08",
    "2024-03-04T08:00z", "2024-03-04Z", "2024-3-4", "2024-03-04T8:00", "2024-03-04T08",
    "2024-03-04T08:00:00.", "2024-03-04T08:00+8", "04/03/2024", "2024-03-04 08:00 CEST", "",
]  # fmt: skip


@pytest.mark.parametrize("value", WHEN_SAMPLES)
def test_when_is_a_date_or_an_instant(value: str) -> None:
    defs = load("incident")["$defs"]
    is_date, is_instant, is_when = (
        re.search(defs[name]["pattern"], value) is not None for name in ("date", "instant", "when")
    )
    assert is_when == (is_date or is_instant)


def incident(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": "CA: Failure to respond to a CPR in a timely manner",
        "status": "open",
        "opened": "2024-03-04",
        "owner": "PKI compliance team",
        "summary": "A problem report went unanswered.",
        "timeline": [{"at": "2024-03-04 08:00", "event": "Problem report e-mailed."}],
    }
    return record | fields


def action_item(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "a1",
        "action": "Monitor the mailbox.",
        "kind": "detect",
        "due": "2024-05-01",
        "status": "ongoing",
    }
    return item | fields


CLOSURE = {
    "description": "A problem report went unanswered.",
    "root_causes": "The mailbox changed hands.",
    "remediation": "The mailbox is monitored.",
    "commitments": "Verify the contacts monthly.",
    "attested": True,
    "posted": "2024-06-01",
}


def closed_incident(**fields: Any) -> dict[str, Any]:
    closing = {
        "status": "closed",
        "resolution": "fixed",
        "closed": "2024-06-10",
        "closure": CLOSURE,
    }
    return incident(**closing) | fields


def without(record: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != key}


FULL_INCIDENT = closed_incident(
    schema_version=1,
    aware="2024-03-19T16:30",
    bug="https://bugzilla.mozilla.org/show_bug.cgi?id=1888881",
    tags=["ca-compliance", "policy-failure"],
    source="third-party",
    timezone="UTC+8",
    related=[
        "2024-weekly-updates",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=1",
        {"ref": "2024-weekly-updates", "relation": "follow-up"},
    ],
    next_update="2024-04-12",
    close_on="2024-06-10",
    promises=[{"what": "A full report.", "due": "2024-04-06", "kept": "2024-04-05T10:00Z"}],
    revocation_delay=False,
    impact="None.",
    root_causes=[{"id": "rc1", "title": "Ownership change", "description": "Not recorded."}],
    lessons={
        "went_well": ["n/a"],
        "went_wrong": [{"text": "Registry not updated.", "action_items": ["a1"]}],
        "lucky": [],
    },
    action_items=[
        action_item(status="complete", completed="2024-04-20", owner="Ops", root_causes=["rc1"]),
        action_item(id="a2", status="canceled", evaluation="No missed mail for 3 months."),
    ],
    reports=[{"kind": "full", "at": "2024-04-05", "url": "https://bugzilla.mozilla.org/x"}],
    updates=[
        {"at": "2024-04-12", "text": "Progress."},
        {"at": "2024-04-15", "text": "Counts.", "revocation": {"revoked": 3, "remaining": 0}},
    ],
    questions=[
        {"id": "q1", "asked": "2024-04-06", "by": "Ben", "text": "Why?", "answered": "2024-04-08"}
    ],
    waivers=[
        {
            "rule": "update-overdue",
            "until": "2024-05-01",
            "reason": "Agreed with the root program.",
            "approved_by": "CISO",
            "item": "a2",
        }
    ],
)


def contact(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "address": "rc@example.com",
        "purpose": "problem-reporting",
        "owners": [{"owner": "Mail admin"}],
    }
    return record | fields


def problem_report(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "received": "2024-03-04T08:00+08:00",
        "channel": "rc-mailbox",
        "summary": "basicConstraints error.",
    }
    return record | fields


VALID = [
    pytest.param("incident", incident(), id="incident-minimal"),
    pytest.param("incident", closed_incident(), id="incident-closed"),
    pytest.param("incident", FULL_INCIDENT, id="incident-full"),
    pytest.param("incident", incident(closure=CLOSURE), id="incident-open-with-closure"),
    pytest.param(
        "incident", incident(action_items=[action_item(status="delayed")]), id="action-item-delayed"
    ),
    pytest.param("contact", contact(), id="contact-minimal"),
    pytest.param(
        "contact",
        contact(
            schema_version=1,
            personal=False,
            disclosed_in=["ccadb", "cps", "Our repository page"],
            owners=[
                {"owner": "Old admin", "until": "2024-01-10"},
                {
                    "owner": "New admin",
                    "from": "2024-01-10",
                    "registry_updated": "2024-03-20",
                    "note": "x",
                },
            ],
            verify_every=30,
            verifications=[{"on": "2024-04-01", "by": "Gao Fei", "note": "Test message answered."}],
            valid_until="2030-01-01",
            retired="2024-06-01",
            replaced_by="cpr-alias",
        ),
        id="contact-full",
    ),
    pytest.param("problem-report", problem_report(), id="problem-report-minimal"),
    pytest.param(
        "problem-report",
        problem_report(
            schema_version=1,
            reporter="Ryan",
            reason="misissuance",
            certificates=12,
            acknowledged="2024-03-04",
            timezone="Asia/Shanghai",
            preliminary_report="2024-03-19 16:30",
            revoked="2024-03-20T10:00",
            incident="2024-cfca-cpr",
        ),
        id="problem-report-full",
    ),
    pytest.param("policy", {}, id="policy-empty"),
    pytest.param(
        "policy",
        {
            "schema_version": 1,
            "timezone": "UTC",
            "rules": {
                "update-overdue": {"days": 7},
                "action-item-due-soon": {"severity": "off"},
                "revocation-update-overdue": {"warning_days": 3, "error_days": 7},
                "initial-report-overdue": {"hours": 72.5},
            },
        },
        id="policy-full",
    ),
]

INVALID = [
    pytest.param("incident", without(closed_incident(), "closure"), id="closed-without-closure"),
    pytest.param("incident", incident(status="closed"), id="closed-without-resolution-or-date"),
    pytest.param("incident", incident(closed="2024-06-10"), id="open-with-closed"),
    pytest.param("incident", incident(resolution="fixed"), id="open-with-resolution"),
    pytest.param(
        "incident",
        incident(action_items=[action_item(status="complete")]),
        id="complete-without-completed",
    ),
    pytest.param(
        "incident",
        incident(action_items=[action_item(completed="2024-04-20")]),
        id="ongoing-with-completed",
    ),
    pytest.param("incident", incident(severity="high"), id="unknown-key"),
    pytest.param(
        "incident", incident(action_items=[action_item(note="x")]), id="unknown-nested-key"
    ),
    pytest.param("incident", incident(status="resolved"), id="bad-status"),
    pytest.param("incident", incident(action_items=[action_item(kind="Prevent")]), id="bad-kind"),
    pytest.param("incident", incident(opened="4 March 2024"), id="bad-date"),
    pytest.param("incident", closed_incident(closed="2024-06-10T10:00"), id="closed-not-a-date"),
    pytest.param("incident", incident(timeline=[]), id="empty-timeline"),
    pytest.param("incident", without(incident(), "timeline"), id="no-timeline"),
    pytest.param("incident", incident(schema_version=2), id="schema-version-2"),
    pytest.param("incident", incident(title=""), id="empty-title"),
    pytest.param("incident", incident(title=42), id="title-not-text"),
    pytest.param("incident", incident(bug="bugzilla.mozilla.org/1"), id="url-without-scheme"),
    pytest.param("incident", incident(tags=["CA-Compliance"]), id="tag-upper-case"),
    pytest.param("incident", incident(revocation_delay="yes"), id="bool-as-string"),
    pytest.param(
        "incident", incident(related=[{"ref": "x", "relation": "blocks"}]), id="bad-relation"
    ),
    pytest.param("incident", incident(related=["not an id"]), id="bad-related-string"),
    pytest.param("incident", incident(related=[{"ref": "x"}]), id="relation-missing"),
    pytest.param(
        "incident", incident(lessons={"went_wrong": [{"text": "x"}]}), id="lesson-without-items"
    ),
    pytest.param("incident", incident(lessons={"other": []}), id="unknown-lesson-list"),
    pytest.param(
        "incident", incident(closure=CLOSURE | {"attested": False}), id="closure-not-attested"
    ),
    pytest.param("incident", incident(closure=without(CLOSURE, "posted")), id="closure-not-posted"),
    pytest.param(
        "incident",
        incident(updates=[{"at": "2024-04-12", "text": "x", "revocation": {"revoked": -1}}]),
        id="negative-count",
    ),
    pytest.param(
        "incident",
        incident(updates=[{"at": "2024-04-12", "text": "x", "revocation": {"pending": 1}}]),
        id="unknown-revocation-count",
    ),
    pytest.param(
        "incident",
        incident(updates=[{"at": "2024-04-12", "text": "x", "revocation": {"revoked": True}}]),
        id="count-as-bool",
    ),
    pytest.param(
        "incident",
        incident(
            waivers=[
                {"rule": "everything", "until": "2024-05-01", "reason": "x", "approved_by": "y"}
            ]
        ),
        id="waiver-unknown-rule",
    ),
    pytest.param("incident", incident(action_items=[action_item(id="-a")]), id="bad-id"),
    pytest.param("incident", ["not", "a", "mapping"], id="not-a-mapping"),
    pytest.param("contact", contact(owners=[]), id="contact-no-owners"),
    pytest.param("contact", contact(purpose="abuse"), id="contact-bad-purpose"),
    pytest.param("contact", contact(verify_every=0), id="contact-verify-every-0"),
    pytest.param("contact", contact(verify_every=True), id="contact-verify-every-bool"),
    pytest.param(
        "contact",
        contact(owners=[{"owner": "x", "since": "2024-01-01"}]),
        id="contact-owner-unknown-key",
    ),
    pytest.param("contact", contact(replaced_by="new-alias"), id="replaced-without-retired"),
    pytest.param("problem-report", problem_report(received="2024-03-04"), id="received-is-a-date"),
    pytest.param("problem-report", problem_report(revoked="2024-03-05"), id="revoked-is-a-date"),
    pytest.param("problem-report", problem_report(reason="compromise"), id="bad-reason"),
    pytest.param("problem-report", problem_report(certificates=1.5), id="fractional-certificates"),
    pytest.param("policy", {"rules": {"update-overdu": {"days": 7}}}, id="policy-unknown-rule"),
    pytest.param(
        "policy", {"rules": {"update-overdue": {"severity": "fatal"}}}, id="policy-bad-severity"
    ),
    pytest.param("policy", {"rules": {"update-overdue": {"days": -1}}}, id="policy-negative-days"),
    pytest.param("policy", {"rules": {"update-overdue": {"weeks": 1}}}, id="policy-unknown-option"),
    pytest.param("policy", {"timezone": ""}, id="policy-empty-timezone"),
]


def verdicts(kind: str, instance: object) -> tuple[bool, bool]:
    by_jsonschema = jsonschema.Draft202012Validator(load(kind)).is_valid(instance)
    try:
        fast_validator(kind)(instance)
    except fastjsonschema.JsonSchemaValueException:
        return by_jsonschema, False
    return by_jsonschema, True


@pytest.mark.parametrize(("kind", "instance"), VALID)
def test_valid_instances(kind: str, instance: object) -> None:
    assert verdicts(kind, instance) == (True, True)


@pytest.mark.parametrize(("kind", "instance"), INVALID)
def test_invalid_instances(kind: str, instance: object) -> None:
    assert verdicts(kind, instance) == (False, False)


def errors(kind: str, instance: object) -> list[tuple[list[str | int], str | None]]:
    validator = jsonschema.Draft202012Validator(load(kind))
    return [(list(e.absolute_path), e.validator) for e in validator.iter_errors(instance)]


def test_errors_point_at_the_field() -> None:
    # The loader maps an error's path to a line: a forbidden field must be blamed, not the record.
    assert errors("incident", incident(closed="2024-06-10")) == [(["closed"], "not")]
    assert errors("incident", incident(action_items=[action_item(completed="2024-04-20")])) == [
        (["action_items", 0, "completed"], "not")
    ]
    assert errors("incident", without(closed_incident(), "closure")) == [([], "required")]


def test_a_bad_status_is_reported_once() -> None:
    # The completed/status conditions stay silent when the status itself is wrong.
    item = action_item(status="done", completed="2024-04-20")
    assert errors("incident", incident(action_items=[item])) == [
        (["action_items", 0, "status"], "enum")
    ]


def test_trailing_newline_is_judged_alike() -> None:
    # patterns end in `$(?!\n)`: ECMA's `$` and Python's `$` then both mean the very end
    assert verdicts("incident", incident(opened="2024-03-04\n")) == (False, False)
