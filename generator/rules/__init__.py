"""The rules: an explicit registry, in code order, and the rules catalogue built from it.

Every module in REGISTRY exports RULE (`base.Rule`) and `check(ledger, ctx)`; its docstring
is its user documentation. Adding a rule: write the module and its test file
(tests/rules/test_<module>.py), then import it below; tests/test_registry.py checks the rest.
"""

from __future__ import annotations

from types import ModuleType

from generator.rules import (  # history rules (generator/history)
    action_item_due_soon,
    action_item_overdue,
    action_item_update_overdue,
    chrome_report_overdue,
    closure_due,
    due_date_slipped,
    full_report_overdue,
    initial_report_overdue,
    microsoft_notice_overdue,
    microsoft_update_overdue,
    promise_overdue,
    question_unanswered,
    recorded_late,
    revocation_update_overdue,
    update_overdue,
    waiver_expired,
)
from generator.rules.base import Rule

_DEADLINES: tuple[ModuleType, ...] = (
    action_item_overdue,
    action_item_due_soon,
    update_overdue,
    action_item_update_overdue,
    question_unanswered,
    initial_report_overdue,
    full_report_overdue,
    revocation_update_overdue,
    closure_due,
    promise_overdue,
    waiver_expired,
    microsoft_notice_overdue,
    microsoft_update_overdue,
    chrome_report_overdue,
)

# --- rules-B: contact, problem-report and consistency rules (edit only this block) ---------
from generator.rules import (  # noqa: E402
    closure_incomplete,
    closure_request_unflagged,
    contact_expiring,
    contact_registry_stale,
    contact_unowned,
    contact_verification_due,
    cpr_preliminary_overdue,
    cpr_revocation_overdue,
    dangling_reference,
    date_order,
    future_date,
    no_shared_problem_contact,
    points_of_contact_missing,
    revocation_delay_unreported,
    root_cause_unmapped,
    timeline_order,
)

_CONTACTS_AND_CONSISTENCY: tuple[ModuleType, ...] = (
    cpr_preliminary_overdue,
    cpr_revocation_overdue,
    revocation_delay_unreported,
    contact_unowned,
    contact_registry_stale,
    contact_verification_due,
    contact_expiring,
    no_shared_problem_contact,
    points_of_contact_missing,
    closure_incomplete,
    closure_request_unflagged,
    root_cause_unmapped,
    timeline_order,
    date_order,
    dangling_reference,
    future_date,
)
# --- end of the rules-B block ---------------------------------------------------------------

# --- the compliance calendar: audits, policy documents, CA certificates, requests (issue 15) --
from generator.rules import (  # noqa: E402
    audit_finding_unreported,
    audit_period_gap,
    audit_statement_overdue,
    ca_certificate_disclosure_overdue,
    cp_cps_disclosure_overdue,
    cp_cps_review_overdue,
    crl_disclosure_overdue,
    program_request_overdue,
    self_assessment_overdue,
)

# deadline rules of ledger/ records (their examples name ledger/ files, not incidents/)
_CALENDAR: tuple[ModuleType, ...] = (
    audit_statement_overdue,
    audit_finding_unreported,
    cp_cps_review_overdue,
    cp_cps_disclosure_overdue,
    ca_certificate_disclosure_overdue,
    crl_disclosure_overdue,
    self_assessment_overdue,
    program_request_overdue,
)
# --- end of the calendar block ----------------------------------------------------------------

REGISTRY: dict[str, ModuleType] = {
    module.RULE.name: module
    for module in sorted(
        (
            *_DEADLINES,
            *_CONTACTS_AND_CONSISTENCY,
            *_CALENDAR,
            audit_period_gap,
            due_date_slipped,
            recorded_late,
        ),
        key=lambda m: m.RULE.code,
    )
}


def all_rules() -> list[Rule]:
    """Every rule's metadata, in code order."""
    return [module.RULE for module in REGISTRY.values()]


def describe_severity(rule: Rule) -> str:
    """The default severity in words, with its changes over time."""
    if rule.sources:
        steps: list[tuple[object, str]] = []
        for since, strength in sorted({(s.effective, s.strength) for s in rule.sources}):
            if not steps or steps[-1][1] != strength:
                steps.append((since, strength))
        if len(steps) == 1 and not rule.sources[0].programs:
            return steps[0][1]
        return ", ".join(f"{strength} from {since}" for since, strength in steps)
    if not rule.strengths:
        return rule.severity
    return ", ".join(f"{severity} from {since}" for since, severity in rule.strengths)


def describe_options(rule: Rule) -> str:
    return ", ".join(f"{name}: {value}" for name, value in rule.options.items()) or "none"


def describe_sources(rule: Rule) -> list[dict[str, object]]:
    """Each text the rule follows: citation, dates, strength, programs and its own words."""
    return [
        {
            "cite": source.cite(),
            "effective": source.effective.isoformat() if source.programs else None,
            "until": source.until.isoformat() if source.until else None,
            "strength": source.strength,
            "programs": sorted(source.programs),
            "words": source.words,
        }
        for source in sorted(rule.sources, key=lambda s: (s.effective, s.document))
    ]


def _sources_markdown(rule: Rule) -> str:
    lines = []
    for s in describe_sources(rule):
        span = f"from {s['effective']}" if s["effective"] else "always"
        span += f" until {s['until']}" if s["until"] else ""
        programs = ", ".join(s["programs"]) or "the organisation itself"  # type: ignore[arg-type]
        lines.append(
            f'- **{s["cite"]}** ({span}; {s["strength"]}; binds through {programs}): "{s["words"]}"'
        )
    return "**Sources, in their own words.**\n\n" + "\n".join(lines) + "\n\n" if lines else ""


def catalogue_markdown(level: int = 2) -> str:
    """The rules catalogue as Markdown, one section per rule, for the docs site."""
    heading = "#" * level
    parts = []
    for rule in all_rules():
        summary, _, body = rule.doc.strip().partition("\n\n")
        parts.append(
            f"{heading} `{rule.name}` ({rule.code})\n\n{' '.join(summary.split())}\n\n"
            f"| | |\n|---|---|\n| code | `{rule.code}` |\n| kind | {rule.kind} |\n"
            f"| default severity | {describe_severity(rule)} |\n"
            f"| options | {describe_options(rule)} |\n"
            f"| applies from | {rule.applies_from or 'always'} |\n| source | {rule.source} |\n\n"
            f"{_sources_markdown(rule)}{body.strip()}\n"
        )
    return "\n".join(parts)
