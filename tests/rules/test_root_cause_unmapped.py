from __future__ import annotations

from pathlib import Path

from rulecase import found, messages

CODE = "LDG202"
CAUSES = """\
opened: 2024-05-01T09:00Z
root_causes:
  - {id: stale, title: Stale registration, description: Nobody updated CCADB.}
  - {id: unread, title: Unread mailbox, description: Nobody read it.}
lessons:
  went_wrong:
    - {text: Nobody owned the mailbox., action_items: [own]}
    - Nobody noticed for two weeks.
action_items:
  - {id: own, action: Name an owner., kind: prevent, due: 2024-06-01, status: ongoing,
     root_causes: [stale]}
"""  # root causes on lines 9-10, lessons on 13-14


def test_unmapped_root_causes_and_lessons_fire_at_their_lines(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, CAUSES, "2024-05-02T00:00Z") == [(CODE, 10), (CODE, 14)]
    assert messages(tmp_path, CODE, "2024-05-02T00:00Z") == [
        "root cause 'unread' of x has no action item",
        "the went_wrong lesson 'Nobody noticed for two weeks.' of x names no action item"]


def test_mapped_root_causes_and_lessons_are_quiet(tmp_path: Path) -> None:
    mapped = CAUSES.replace("root_causes: [stale]", "root_causes: [stale, unread]").replace(
        "    - Nobody noticed for two weeks.\n",
        "    - {text: Nobody noticed., action_items: [own]}\n")
    assert found(tmp_path, CODE, mapped, "2024-05-02T00:00Z") == []


def test_went_well_and_lucky_lessons_need_no_action_item(tmp_path: Path) -> None:
    fields = ("opened: 2024-05-01T09:00Z\nlessons:\n  went_well: [We answered fast.]\n"
              "  lucky: [It was quiet.]\n")
    assert found(tmp_path, CODE, fields, "2024-05-02T00:00Z") == []
