"""The registry: every rule has a unique code and name, its user documentation (with a passing
and a failing example), a source, and a test file; the deadline rules' examples really pass
and fail as their docstrings say."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType

import icalendar
import pytest

from generator import rules
from generator.cli import main
from generator.model import DEFAULT_PROGRAMS
from generator.rules import REGISTRY, catalogue_markdown

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))
from rulecase import judge  # noqa: E402

TESTS = Path(__file__).resolve().parent / "rules"  # rule tests; tests/**/test_<rule>.py also counts
# the deadline rules' executable form: "Passing example (as of INSTANT):" then a YAML block
# whose first line names the file; other rules may write their examples in prose
EXAMPLE = re.compile(r"^(Passing|Failing) example \(as of ([^);]+)[^)]*\):\n\n```yaml\n(.*?)^```", re.M | re.S)
MARKER = re.compile(r"^(?:\*\*)?(Passing|Failing)\b", re.M)
MODULES = list(REGISTRY.values())
IDS = [m.RULE.name for m in MODULES]


def program_policy(module: ModuleType) -> dict[str, str]:
    """A policy naming the rule's programs when the default ones (mozilla, chrome) do not
    impose it: an example shows the rule where it applies."""
    programs = module.RULE.programs
    if not programs or programs & DEFAULT_PROGRAMS:
        return {}
    return {"ledger/policy.yaml": f"programs: [{', '.join(sorted(programs))}]\n"}


def examples(module: ModuleType) -> dict[str, tuple[str | None, str]]:
    return {kind: (as_of, body) for kind, as_of, body in EXAMPLE.findall(module.__doc__ or "")}


FILE_LINE = re.compile(r"^# ((?:incidents|ledger)/\S+\.yaml)$", re.M)


def files_of(body: str) -> dict[str, str]:
    """An example's files: each `# path` line starts one (an example may need several records,
    e.g. an audit line and the root certificate it covers)."""
    marks = list(FILE_LINE.finditer(body))
    return {
        m.group(1): body[m.start() : marks[i + 1].start() if i + 1 < len(marks) else len(body)]
        for i, m in enumerate(marks)
    }


def test_codes_and_names_are_unique() -> None:
    codes = [m.RULE.code for m in MODULES]
    assert len(set(codes)) == len(codes)
    assert len(set(IDS)) == len(IDS)
    assert all(re.fullmatch(r"LDG[1-3][0-9]{2}", c) for c in codes)
    assert list(REGISTRY) == [m.RULE.name for m in sorted(MODULES, key=lambda m: m.RULE.code)]


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_rule_is_documented_sourced_and_tested(module: ModuleType) -> None:
    rule = module.RULE
    assert module.__name__.rsplit(".", 1)[-1] == rule.name.replace("-", "_")
    assert rule.doc == module.__doc__ and rule.doc.strip()
    assert rule.source.strip()
    assert set(MARKER.findall(rule.doc)) == {"Passing", "Failing"}, "needs a passing and a failing example"
    test_file = f"test_{rule.name.replace('-', '_')}.py"
    assert list(TESTS.parent.rglob(test_file)), f"no tests/**/{test_file}"
    # a deadline rule declares obligations (the engine makes its findings); any rule may also
    # check what has no due date
    assert callable(getattr(module, "obligations", None)) or callable(getattr(module, "check", None))
    if rule.kind != "deadline":
        assert not hasattr(module, "obligations"), "only deadline rules declare obligations"


EXECUTABLE = (*rules._DEADLINES, *rules._CALENDAR)


@pytest.mark.parametrize("module", EXECUTABLE, ids=[m.RULE.name for m in EXECUTABLE])
@pytest.mark.parametrize("kind", ["Passing", "Failing"])
def test_deadline_examples_do_what_they_say(module: ModuleType, kind: str, tmp_path: Path) -> None:
    assert set(examples(module)) == {"Passing", "Failing"}
    as_of, body = examples(module)[kind]
    files = files_of(body)
    assert as_of and files and body.startswith("# ")
    evaluation = judge(tmp_path, {**files, **program_policy(module)}, as_of)
    fired = [d for d in evaluation.open if d.code == module.RULE.code]
    assert bool(fired) == (kind == "Failing"), [d.message for d in fired]


def test_catalogue_has_every_rule_with_its_metadata() -> None:
    text = catalogue_markdown()
    for module in MODULES:
        rule = module.RULE
        assert f"## `{rule.name}` ({rule.code})" in text
        assert rule.source in text


FAILING_YAML = re.compile(r"^(?:\*\*)?Failing\b.*?```yaml\n(.*?)^```", re.M | re.S)
FOLDER = {"incident": "incidents", "contact": "ledger/contacts", "problem-report": "ledger/problem-reports",
          "audit": "ledger/audits", "document": "ledger/documents", "certificate": "ledger/certificates",
          "request": "ledger/requests"}
# a record written without its path: the kind from a key only that kind has
KIND_BY_KEY = (("periods:", "audit"), ("versions:", "document"), ("sha256:", "certificate"),
               ("program:", "request"))
DECLARING = [m for m in MODULES if hasattr(m, "obligations")]


def failing_ledger(module: ModuleType, root: Path) -> Path:
    """The rule's failing example written as a ledger (the file named in it, else by kind)."""
    body = FAILING_YAML.search(module.__doc__ or "")
    assert body, "a deadline rule needs a failing example in YAML"
    text = body.group(1)
    first = text.splitlines()[0]
    if first.startswith("# ") and "/" in first:
        for rel, body_of_file in files_of(text).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(body_of_file, encoding="utf-8")
        return root
    kind = next((kind for key, kind in KIND_BY_KEY if re.search(f"^{key}", text, re.M)), None)
    if kind is not None:
        rel = f"{FOLDER[kind]}/x.yaml"
    elif "received:" in text:
        rel = f"{FOLDER['problem-report']}/p.yaml"
        channel = root / FOLDER["contact"] / "cpr-mailbox.yaml"
        channel.parent.mkdir(parents=True, exist_ok=True)
        channel.write_text(
            "address: cpr@example.com\npurpose: problem-reporting\nowners: [{owner: CPR team}]\n"
            "verifications: [{on: 2024-01-01, by: CPR team}]\n"
        )
    elif "address:" in text:
        rel = f"{FOLDER['contact']}/c.yaml"
    else:
        rel = f"{FOLDER['incident']}/x.yaml"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("module", DECLARING, ids=[m.RULE.name for m in DECLARING])
def test_every_declared_obligation_reaches_the_calendar(
    module: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ledger due --format ics` is the site's calendar: a deadline rule's obligations are in it
    with no code of the rule's own (adding a rule touches one module)."""
    root = failing_ledger(module, tmp_path)
    for rel, text in program_policy(module).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    code = main(["due", "--root", str(root), "--as-of", "2030-01-01", "--format", "ics", "--all"])
    out, err = capsys.readouterr()
    assert code == 0, err
    calendar = icalendar.Calendar.from_ical(out)
    rules_seen = {str(e.get("X-LEDGER-RULE")) for e in calendar.walk("VEVENT")}
    assert module.RULE.name in rules_seen
