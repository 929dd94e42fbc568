"""Set a key or add a list item anywhere in a record's YAML text, keeping every other byte.

`yaml_edit` appends items to a top-level list; an importer that keeps a record in step with
another system also needs to change one scalar in a nested mapping (a period's statement
date) or add a key to it, without touching the author's comments, quoting or layout. Each
edit re-reads the text, so edits compose; a value already equal is left as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from generator.diagnostics import Diagnostic
from generator.errors import LedgerError
from generator.load import parse
from generator.yaml_edit import _last_line, flow_item, render_item

Step = str | int


_last: list[tuple[str, yaml.MappingNode]] = []  # the last text read: most edits change nothing


def _root(text: str, rel: str) -> yaml.MappingNode:
    if _last and _last[0][0] == text:
        return _last[0][1]
    doc = parse(rel, text)
    if isinstance(doc, Diagnostic):
        raise LedgerError(
            f"{rel} cannot be read: {doc.message}", "fix the record first (`ledger validate`)"
        )
    _last[:] = [(text, doc.node)]
    return doc.node


def _at(node: yaml.Node, path: Sequence[Step]) -> yaml.Node | None:
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            if step >= len(node.value):
                return None
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == step), None)
            if found is None:
                return None
            node = found
        else:
            return None
    return node


def same(node: yaml.Node, value: str) -> bool:
    """Whether a scalar node already says `value` (booleans compared without case)."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    return node.value == value or (value in ("true", "false") and node.value.lower() == value)


def set_key(text: str, rel: str, path: Sequence[Step], key: str, value: str, shown: str) -> str:
    """`text` with `key: shown` in the mapping at `path`: the scalar replaced when it differs
    from `value`, or the key added at the end of the mapping (block or flow)."""
    mapping = _at(_root(text, rel), path)
    if not isinstance(mapping, yaml.MappingNode):
        raise LedgerError(f"{rel}: {'/'.join(map(str, path))} is not a mapping", "fix the record")
    for k, v in mapping.value:
        if k.value != key:
            continue
        if same(v, value):
            return text
        if not isinstance(v, yaml.ScalarNode):
            raise LedgerError(f"{rel}: `{key}` is not a single value", f"fix `{key}` by hand")
        return text[: v.start_mark.index] + shown + text[v.end_mark.index :]
    if mapping.flow_style:
        close = text.rindex("}", mapping.start_mark.index, mapping.end_mark.index)
        head = text[:close].rstrip()
        sep = "" if head.endswith("{") else ", "
        return f"{head}{sep}{key}: {shown}{text[close:]}"
    if not mapping.value:
        raise LedgerError(f"{rel}: an empty mapping cannot be extended", "write `{}` instead")
    col = mapping.value[0][0].start_mark.column
    return _insert_line(text, _last_line(mapping), " " * col + f"{key}: {shown}\n")


def add_scalar(text: str, rel: str, key: str, item: str) -> str:
    """`text` with `item` in the top-level list `key` (created as a flow list when absent)."""
    seq = _at(_root(text, rel), [key])
    if seq is None:
        return set_key(text, rel, [], key, "", f"[{item}]")
    if not isinstance(seq, yaml.SequenceNode):
        raise LedgerError(f"{rel}: `{key}` is not a list", f"make `{key}` a list")
    if any(same(v, item) for v in seq.value):
        return text
    if seq.flow_style:
        close = text.rindex("]", seq.start_mark.index, seq.end_mark.index)
        head = text[:close].rstrip()
        sep = "" if head.endswith("[") else ", "
        return f"{head}{sep}{item}{text[close:]}"
    col = seq.start_mark.column
    return _insert_line(text, _last_line(seq), " " * col + f"- {item}\n")


def append_item(
    text: str, rel: str, path: Sequence[Step], key: str, pairs: Sequence[tuple[str, str]]
) -> str:
    """`text` with one more mapping item (`pairs`, values already rendered on one line) in
    the list `key` of the mapping at `path` (the list created when absent)."""
    mapping = _at(_root(text, rel), path)
    if not isinstance(mapping, yaml.MappingNode):
        raise LedgerError(f"{rel}: {'/'.join(map(str, path))} is not a mapping", "fix the record")
    seq = next((v for k, v in mapping.value if k.value == key), None)
    if seq is None:
        if mapping.flow_style or not mapping.value:
            return set_key(text, rel, path, key, "", f"[{flow_item(pairs)}]")
        col = mapping.value[0][0].start_mark.column
        item = f"{' ' * col}{key}:\n" + render_item(pairs, col + 2, col + 4)
        return _insert_line(text, _last_line(mapping), item)
    if not isinstance(seq, yaml.SequenceNode):
        raise LedgerError(f"{rel}: `{key}` is not a list", f"make `{key}` a list")
    if seq.flow_style or not seq.value:
        close = text.rindex("]", seq.start_mark.index, seq.end_mark.index)
        head = text[:close].rstrip()
        sep = "" if head.endswith("[") else ", "
        return f"{head}{sep}{flow_item(pairs)}{text[close:]}"
    dash = seq.start_mark.column
    first = seq.value[0].start_mark.column
    content = first if first > dash else dash + 2
    return _insert_line(text, _last_line(seq), render_item(pairs, dash, content))


def item_index(text: str, rel: str, key: str, field: str, value: str) -> int | None:
    """The index of the first mapping in the top-level list `key` whose `field` is `value`."""
    seq = _at(_root(text, rel), [key])
    if not isinstance(seq, yaml.SequenceNode):
        return None
    for i, item in enumerate(seq.value):
        found = _at(item, [field])
        if found is not None and same(found, value):
            return i
    return None


def _insert_line(text: str, last: int, line: str) -> str:
    lines = text.splitlines(keepends=True)
    while last > 0 and not lines[last].strip():
        last -= 1
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, line)
    return "".join(lines)
