"""An incident → paste-ready Markdown in the CCADB Incident Reporting Guidelines (v3) templates.

Section names, field labels, the action items column order and the closure sentence are the
guidelines' own (v3.1 text, see docs/export.md). Fields the ledger does not hold are printed as
`[fill in: …]` rather than guessed; fields that do not apply are `N/A`, as the guidelines ask.
Times are converted to UTC. People in structured fields (owner, who asked) are shown by role
unless `names=True`; free text is printed as the record's author wrote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import ActionItem, Incident, Ledger, Lesson, Question
from generator.values import When, format_instant

KINDS = ("preliminary", "full", "closure")
ATTESTATION = (
    "All Action Items disclosed in this report have been completed as described, "
    "and we request its closure."
)
SOURCES = {
    "self-reported": "Self Reported",
    "third-party": "Third Party Reported",
    "audit": "Audit",
}
ACTION_COLUMNS = (
    "Action Item",
    "Kind",
    "Corresponding Root Cause(s)",
    "Evaluation Criteria",
    "Due Date",
    "Status",
)


@dataclass(frozen=True, slots=True)
class Export:
    markdown: str
    warnings: tuple[str, ...]  # why the report cannot honestly be posted as it stands


def export(incident: Incident, ledger: Ledger, kind: str, *, names: bool = False) -> Export:
    if kind == "preliminary":
        return Export(_join(_preliminary(incident)), ())
    if kind == "full":
        return Export(_join(_full(incident, ledger, names)), ())
    return _closure(incident)


def _join(lines: Iterator[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def fill(what: str) -> str:
    return f"[fill in: {what}]"


def field(label: str, value: str) -> str:
    return f"- **{label}:** {_one_line(value)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _preliminary(incident: Incident) -> Iterator[str]:
    yield "## Preliminary Incident Report"
    yield ""
    yield "### Summary"
    yield from _summary_fields(incident, full=False)


def _summary_fields(incident: Incident, *, full: bool) -> Iterator[str]:
    if full:
        yield field(
            "CA Owner CCADB unique ID",
            fill("the CA Owner's CCADB unique ID (A followed by six digits)"),
        )
    yield field("Incident description", incident.summary)
    if full:
        yield "- **Timeline summary:**"
        yield "   " + field("Non-compliance start date", _start(incident))
        yield "   " + field("Non-compliance identified date", _identified(incident))
        yield "   " + field("Non-compliance end date", _end(incident))
    yield field("Relevant policies", fill("policy name(s), version(s) and section(s)"))
    source = SOURCES.get(incident.source or "")
    yield field(
        "Source of incident disclosure",
        source or fill('"Self Reported", "Third Party Reported" or "Audit"'),
    )


def _event(incident: Incident, *kinds: str) -> When | None:
    for event in incident.timeline:
        if event.kind in kinds:
            return event.at
    return None


def _start(incident: Incident) -> str:
    when = _event(incident, "start") or (incident.timeline[0].at if incident.timeline else None)
    return show(when) if when else fill("when the non-compliance began")


def _identified(incident: Incident) -> str:
    when = incident.aware or _event(incident, "aware")
    return show(when) if when else fill("when the non-compliance was detected")


def _end(incident: Incident) -> str:
    when = _event(incident, "end")
    if when:
        return show(when)
    return "Ongoing" if incident.status == "open" else fill("when the non-compliance ended")


def show(when: When) -> str:
    """A moment in UTC; a date-only value stays the date the record wrote."""
    return when.day.isoformat() if when.day is not None else format_instant(when.utc)


def _full(incident: Incident, ledger: Ledger, names: bool) -> Iterator[str]:
    yield "## Full Incident Report"
    yield ""
    yield "### Summary"
    yield ""
    yield from _summary_fields(incident, full=True)
    yield ""
    yield "### Impact"
    yield ""
    yield from _impact(incident, ledger)
    yield ""
    yield "### Timeline"
    yield ""
    yield "All times are UTC."
    yield ""
    yield from (f"- {show(e.at)}: {_one_line(e.event)}" for e in incident.timeline)
    yield ""
    yield "### Related Incidents"
    yield ""
    yield from _related(incident, ledger)
    yield ""
    yield "### Root Cause Analysis"
    yield from _root_causes(incident)
    yield ""
    yield "### Lessons Learned"
    yield ""
    yield from _lessons(incident)
    yield ""
    yield "### Action Items"
    yield ""
    yield from action_table(incident)
    yield ""
    yield "### Appendix"
    yield ""
    yield from _appendix(incident, names)


def _impact(incident: Incident, ledger: Ledger) -> Iterator[str]:
    reports = [
        r
        for r in ledger.problem_reports.values()
        if r.incident == incident.id and r.certificates is not None
    ]
    total = (
        str(sum(r.certificates or 0 for r in reports))
        if reports
        else fill("count, including expired and revoked")
    )
    counts = [
        u.revocation
        for u in incident.updates
        if u.revocation is not None and u.revocation.remaining is not None
    ]
    remaining = str(counts[-1].remaining) if counts else fill("count, minus expired and revoked")
    stopped = _event(incident, "issuance-stopped")
    yield field("Total number of certificates", total)
    yield field('Total number of "remaining valid" certificates', remaining)
    yield field("Affected certificate types", fill("DV, IV, OV and/or EV"))
    yield field(
        "Incident heuristic",
        fill("a heuristic, why none is possible, or 'full corpus in the Appendix'"),
    )
    yield field(
        "Was issuance stopped in response to this incident, and why or why not?",
        f"Yes, at {show(stopped)}." if stopped else fill("Yes/No with explanation"),
    )
    yield field(
        "Analysis", fill("why revocation is delayed") if incident.revocation_delay else "N/A"
    )
    yield field("Additional considerations", incident.impact or "N/A")


def _related(incident: Incident, ledger: Ledger) -> Iterator[str]:
    yield "| Bug | Date | Description |"
    yield "|-----|------|-------------|"
    if not incident.related:
        yield "| N/A | N/A | N/A |"
    for rel in incident.related:
        other = ledger.incidents.get(rel.ref)
        link = other.bug if other is not None and other.bug else rel.ref
        label = _bug_label(link)
        when = show(other.opened) if other is not None else fill("date the related bug was opened")
        title = f"{other.title} ({rel.relation})" if other is not None else rel.relation
        yield (
            f"| [{label}]({link}) | {when} | {cell(title)} |"
            if "://" in link
            else f"| {label} | {when} | {cell(title)} |"
        )


def _bug_label(link: str) -> str:
    marker = "id="
    return "Bug " + link.split(marker, 1)[1].split("&")[0].split("#")[0] if marker in link else link


def _root_causes(incident: Incident) -> Iterator[str]:
    if not incident.root_causes:
        yield ""
        yield fill("contributing factors")
    for n, cause in enumerate(incident.root_causes, 1):
        yield ""
        yield f"**Contributing Factor {n}: {_one_line(cause.title)}**"
        yield field("Description", cause.description)
        yield field("Timeline", fill("when it arose and how it evolved"))
        yield field("Detection", fill("how it was detected and how it avoided detection"))
        yield field(
            "Interaction with other factors", fill("how it combined with the other factors")
        )
        yield field("Root Cause Analysis methodology used", fill("e.g. 5 Whys (optional)"))


def _lessons(incident: Incident) -> Iterator[str]:
    groups = (
        ("What went well", incident.lessons.went_well),
        ("What didn’t go well", incident.lessons.went_wrong),  # noqa: RUF001 - the template's own spelling
        ("Where we got lucky", incident.lessons.lucky),
    )
    for label, lessons in groups:
        yield field(label, _lesson_text(lessons))
    yield field("Additional", "N/A")


def _lesson_text(lessons: tuple[Lesson, ...]) -> str:
    return (
        " ".join(f"({n}) {_one_line(lesson.text)}" for n, lesson in enumerate(lessons, 1))
        if lessons
        else "N/A"
    )


def action_table(incident: Incident) -> Iterator[str]:
    yield "| " + " | ".join(ACTION_COLUMNS) + " |"
    yield "|" + "|".join("-" * (len(c) + 2) for c in ACTION_COLUMNS) + "|"
    numbers = {cause.id: n for n, cause in enumerate(incident.root_causes, 1)}
    for item in incident.action_items:
        yield "| " + " | ".join(cell(v) for v in _action_row(item, numbers)) + " |"
    if not incident.action_items:
        yield "| " + " | ".join(["N/A"] * len(ACTION_COLUMNS)) + " |"


def _action_row(item: ActionItem, numbers: dict[str, int]) -> tuple[str, ...]:
    causes = (
        ", ".join(f"Root Cause #{numbers[c]}" if c in numbers else c for c in item.root_causes)
        or "N/A"
    )
    status = item.status.capitalize() + (
        f" ({item.completed.isoformat()})" if item.completed else ""
    )
    return (
        f"{item.action} [{item.id}]",
        item.kind.capitalize(),
        causes,
        item.evaluation or fill("evaluation criteria"),
        item.due.isoformat(),
        status,
    )


def cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _appendix(incident: Incident, names: bool) -> Iterator[str]:
    owner = incident.owner if names else "the incident owner"
    yield (
        f"Record: `{incident.id}`, owned by {owner}; status {incident.status}"
        + (f" ({incident.resolution})" if incident.resolution else "")
        + "."
    )
    yield ""
    for label, value in (("Opened", incident.opened), ("Aware", incident.aware)):
        if value is not None:
            yield field(label, show(value))
    for label, day in (
        ("Closed", incident.closed),
        ("Next update", incident.next_update),
        ("Close on", incident.close_on),
    ):
        if day is not None:
            yield field(label, day.isoformat())
    if incident.bug:
        yield field("Bug", incident.bug)
    yield from _list(
        "Reports posted",
        (
            f"{r.kind} report, {show(r.at)}" + (f": {r.url}" if r.url else "")
            for r in incident.reports
        ),
    )
    yield from _list("Updates", (f"{show(u.at)}: {_one_line(u.text)}" for u in incident.updates))
    yield from _list("Questions", (_question(q, names) for q in incident.questions))
    if incident.closure is not None:
        yield from _list("Closure summary", iter([f"posted {show(incident.closure.posted)}"]))
    yield from _list(
        "Waivers",
        (f"{w.rule} until {w.until.isoformat()}: {_one_line(w.reason)}" for w in incident.waivers),
    )
    yield from _list(
        "Promises",
        (
            f"{_one_line(p.what)}: due {show(p.due)}" + (f", kept {show(p.kept)}" if p.kept else "")
            for p in incident.promises
        ),
    )


def _question(q: Question, names: bool) -> str:
    asker = q.by if names else "a reviewer"
    answered = f"answered {show(q.answered)}" if q.answered else "not yet answered"
    return f"[{q.id}] asked {show(q.asked)} by {asker}: {_one_line(q.text)} ({answered})"


def _list(title: str, items: Iterator[str]) -> Iterator[str]:
    rows = list(items)
    if rows:
        yield ""
        yield f"**{title}**"
        yield ""
        yield from (f"- {row}" for row in rows)


def _closure(incident: Incident) -> Export:
    closure = incident.closure
    warnings = []
    if closure is None:
        warnings.append("the record has no `closure:` summary: write it first")
    elif not closure.attested:
        warnings.append("`closure.attested` is not true")
    open_items = [item.id for item in incident.action_items if item.is_open]
    if open_items:
        warnings.append(f"action items still open: {', '.join(open_items)}")
    lines = ["### Report Closure Summary", ""]
    lines.append(
        field(
            "Incident description", closure.description if closure else fill("incident description")
        )
    )
    lines.append(
        field("Incident Root Cause(s)", closure.root_causes if closure else fill("root cause(s)"))
    )
    lines.append(
        field("Remediation description", closure.remediation if closure else fill("remediation"))
    )
    lines.append(
        field("Commitment summary", closure.commitments if closure else fill("ongoing commitments"))
    )
    if not warnings:  # the sentence is an attestation: never printed when it would be untrue
        lines += ["", ATTESTATION]
    return Export("\n".join(lines) + "\n", tuple(warnings))
