"""`ledger new incident|contact|problem-report|audit|document|certificate|request`: a valid
skeleton, never over an existing file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator import authoring, report, skeletons, skeletons_calendar, values
from generator.cli.at_option import not_empty
from generator.cli.options import root_option, writes_ledger
from generator.errors import LedgerError
from generator.rules.calendar import year_end

AUDIT_KINDS = ("standard", "netsec", "tls-br", "tls-evg", "code-signing", "smime-br", "vmc")

today_option = click.option(
    "--today",
    callback=not_empty,
    metavar="DATE|INSTANT",
    default=None,
    help="Use this as today (default: the clock, in the policy time zone).",
)
owner_option = click.option(
    "--owner",
    required=True,
    envvar="LEDGER_OWNER",
    help="Accountable person or team (default: $LEDGER_OWNER).",
)
print_option = click.option(
    "--stdout", "to_stdout", is_flag=True, help="Print the record instead of writing it."
)


@click.group()
def new() -> None:
    """Create a new record from a valid skeleton."""


@new.command("incident")
@click.argument("title")
@owner_option
@click.option("--id", "record_id", default=None, help="Record id (default: from the title).")
@click.option(
    "--source", type=click.Choice(["self-reported", "third-party", "audit"]), default=None
)
@click.option(
    "--tag", "tags", multiple=True, help="A whiteboard tag, e.g. ca-compliance (repeatable)."
)
@today_option
@print_option
@root_option
@writes_ledger
def new_incident(
    title: str,
    owner: str,
    record_id: str | None,
    source: str | None,
    tags: tuple[str, ...],
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Start an incident record: incidents/<year>/<id>.yaml."""
    now = authoring.moment(root, today)
    record_id = record_id or authoring.slug(title)
    authoring.check_new_id(root, "incident", record_id)
    rel = f"incidents/{now.today.year}/{record_id}.yaml"
    body = skeletons.incident(skeletons.NewIncident(title, owner, now.today, source, tags, now.now))
    return _finish(root, "incident", rel, body, to_stdout)


@new.command("contact")
@click.argument("record_id", metavar="[ID]", required=False)
@click.option("--address", required=True, help="Mailbox, URL or phone number.")
@click.option(
    "--purpose",
    default="problem-reporting",
    show_default=True,
    type=click.Choice(
        ["problem-reporting", "ca-email-alias", "primary-poc", "poc", "revocation", "other"]
    ),
)
@click.option(
    "--disclosed-in",
    "disclosed",
    multiple=True,
    default=("ccadb",),
    show_default=True,
    help="Where the contact is published: ccadb, cps, website (repeatable).",
)
@owner_option
@today_option
@print_option
@root_option
@writes_ledger
def new_contact(
    record_id: str | None,
    address: str,
    purpose: str,
    disclosed: tuple[str, ...],
    owner: str,
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Add a contact: ledger/contacts/<id>.yaml (id from the address by default)."""
    now = authoring.moment(root, today)
    record_id = record_id or authoring.slug(address.replace("@", "-at-"), 100)
    authoring.check_new_id(root, "contact", record_id)
    body = skeletons.contact(address, purpose, owner, now.today, disclosed)
    return _finish(root, "contact", f"ledger/contacts/{record_id}.yaml", body, to_stdout)


@new.command("problem-report")
@click.option(
    "--channel",
    default=None,
    help="The contact id it arrived at (default: the only problem-reporting contact).",
)
@click.option("--summary", default="TODO: what the reporter asks or reports.", show_default=False)
@click.option(
    "--reason",
    type=click.Choice(["key-compromise", "misissuance", "other", "not-applicable"]),
    default=None,
)
@click.option("--received", default=None, metavar="INSTANT", help="When it arrived (default: now).")
@click.option("--id", "record_id", default=None, help="Record id (default: cpr-<date>).")
@today_option
@print_option
@root_option
@writes_ledger
def new_problem_report(
    channel: str | None,
    summary: str,
    reason: str | None,
    received: str | None,
    record_id: str | None,
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Record a Certificate Problem Report: ledger/problem-reports/<id>.yaml."""
    now = authoring.moment(root, today)
    channel = channel or _only_channel(root)
    if record_id:
        authoring.check_new_id(root, "problem-report", record_id)
    else:
        record_id = authoring.free_id(root, "problem-report", f"cpr-{now.today.isoformat()}")
    instant = received or now.now.strftime("%Y-%m-%dT%H:%MZ")
    body = skeletons.problem_report(instant, channel, summary, reason)
    return _finish(
        root, "problem-report", f"ledger/problem-reports/{record_id}.yaml", body, to_stdout
    )


def _only_channel(root: Path) -> str:
    contacts = authoring.records_of(root, "contact")
    if len(contacts) == 1:
        return next(iter(contacts))
    listed = ", ".join(sorted(contacts)) or "none yet: add one with `ledger new contact`"
    raise LedgerError(
        "which contact did the report arrive at?", f"pass --channel ID (contacts: {listed})"
    )


def _finish(root: Path, kind: str, rel: str, body: str, to_stdout: bool) -> int:
    outcome, text = authoring.create(root, kind, rel, body, dry_run=to_stdout)
    return report_outcome(outcome, text if to_stdout else None, "created")


def report_outcome(outcome: authoring.Outcome, text: str | None, verb: str) -> int:
    if outcome.problems:
        click.echo(report.text(outcome.problems), nl=False, err=True)
        click.echo(
            f"error: nothing written — the result would not validate "
            f"({len(outcome.problems)} problem(s))",
            err=True,
        )
        return 1
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"{verb} {outcome.path}")
    return 0


# -- the compliance calendar's records (docs/calendar.md) -----------------------------------

optional_owner = click.option(
    "--owner", default=None, envvar="LEDGER_OWNER", help="Who answers for its deadlines."
)


def _day(root: Path, text: str | None, today: str | None, what: str) -> date:
    if text is None:
        return authoring.moment(root, today).today
    try:
        return values.parse_date(text)
    except values.ValueProblem as exc:
        raise LedgerError(f"{what} {text!r}: {exc}", exc.hint) from None


def _calendar_id(root: Path, kind: str, given: str | None, base: str) -> str:
    if given:
        authoring.check_new_id(root, kind, given)
        return given
    return authoring.free_id(root, kind, base)


@new.command("audit")
@click.argument("kind", type=click.Choice(list(AUDIT_KINDS)))
@click.option("--start", default=None, metavar="DATE", help="First day of the period (today).")
@click.option("--end", default=None, metavar="DATE", help="Last day (one year after --start).")
@click.option("--id", "record_id", default=None, help="Record id (default: the kind).")
@optional_owner
@today_option
@print_option
@root_option
@writes_ledger
def new_audit(
    kind: str,
    start: str | None,
    end: str | None,
    record_id: str | None,
    owner: str | None,
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Start an audit line: ledger/audits/<id>.yaml, with its first period."""
    first = _day(root, start, today, "--start")
    last = _day(root, end, today, "--end") if end else year_end(first)
    record_id = _calendar_id(root, "audit", record_id, kind)
    body = skeletons_calendar.audit(kind, first, last, owner)
    return _finish(root, "audit", f"ledger/audits/{record_id}.yaml", body, to_stdout)


@new.command("document")
@click.argument("kind", type=click.Choice(["cp", "cps", "cp-cps", "self-assessment"]))
@click.argument("title")
@click.option("--effective", default=None, metavar="DATE", help="Its effective date (today).")
@click.option("--version", "number", default=None, help="The version number, e.g. 1.4.")
@click.option("--id", "record_id", default=None, help="Record id (default: from the title).")
@optional_owner
@today_option
@print_option
@root_option
@writes_ledger
def new_document(
    kind: str,
    title: str,
    effective: str | None,
    number: str | None,
    record_id: str | None,
    owner: str | None,
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Add a policy document: ledger/documents/<id>.yaml, with its first version."""
    day = _day(root, effective, today, "--effective")
    record_id = _calendar_id(root, "document", record_id, authoring.slug(title))
    body = skeletons_calendar.document(kind, title, day, number, owner)
    return _finish(root, "document", f"ledger/documents/{record_id}.yaml", body, to_stdout)


@new.command("certificate")
@click.argument("name")
@click.option("--sha256", required=True, help="The SHA-256 fingerprint (64 hex digits).")
@click.option("--type", "kind", type=click.Choice(["root", "intermediate"]), default="intermediate",
              show_default=True)  # fmt: skip
@click.option("--created", default=None, metavar="DATE|INSTANT", help="When it was issued.")
@click.option("--parent", default=None, help="The issuing certificate's id.")
@click.option("--id", "record_id", default=None, help="Record id (default: from the name).")
@optional_owner
@print_option
@root_option
@writes_ledger
def new_certificate(
    name: str,
    sha256: str,
    kind: str,
    created: str | None,
    parent: str | None,
    record_id: str | None,
    owner: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Add a CA certificate: ledger/certificates/<id>.yaml."""
    record_id = _calendar_id(root, "certificate", record_id, authoring.slug(name))
    body = skeletons_calendar.certificate(name, sha256, kind, created, parent, owner)
    return _finish(root, "certificate", f"ledger/certificates/{record_id}.yaml", body, to_stdout)


@new.command("request")
@click.argument("title")
@click.option("--program", required=True,
              type=click.Choice(["mozilla", "chrome", "apple", "microsoft", "ccadb"]))  # fmt: skip
@click.option("--kind", type=click.Choice(["survey", "communication", "question"]),
              default="survey", show_default=True)  # fmt: skip
@click.option("--deadline", required=True, metavar="DATE|INSTANT", help="The answer's deadline.")
@click.option("--received", default=None, metavar="DATE|INSTANT", help="When it came (today).")
@click.option("--id", "record_id", default=None, help="Record id (default: from the title).")
@optional_owner
@today_option
@print_option
@root_option
@writes_ledger
def new_request(
    title: str,
    program: str,
    kind: str,
    deadline: str,
    received: str | None,
    record_id: str | None,
    owner: str | None,
    today: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Record a root program's request: ledger/requests/<id>.yaml."""
    came = received or authoring.moment(root, today).today.isoformat()
    record_id = _calendar_id(root, "request", record_id, authoring.slug(title))
    body = skeletons_calendar.request(program, kind, title, came, deadline, owner)
    return _finish(root, "request", f"ledger/requests/{record_id}.yaml", body, to_stdout)
