"""Edit a record's YAML as text, so that the author's comments, quoting and layout survive.

A YAML dumper would rewrite the whole file and drop every comment. Instead, new list items
are rendered as text and inserted at the place the composed node tree points to: after the
last line of an existing block list, inside a flow list, or as a new top-level key at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from generator.errors import LedgerError

Pairs = Sequence[tuple[str, str]]  # key → value already rendered by `scalar`/`date_scalar`

_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.()/'_+-]*$")
_RESERVED = re.compile(r"^(?:true|false|null|yes|no|on|off|y|n|~)$", re.IGNORECASE)


def scalar(text: str, indent: int) -> str:
    """`text` as a YAML value: plain when nothing can misread it, a literal block when it
    spans lines, else double-quoted (JSON strings are valid YAML double-quoted scalars)."""
    if "\n" in text.strip("\n"):
        return _literal(text, indent)
    text = text.strip("\n")
    if _PLAIN_SAFE.match(text) and not _RESERVED.match(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def date_scalar(text: str) -> str:
    """A date stays plain (`2024-03-04`); an instant is quoted, since `:` and spaces in plain
    scalars trip other YAML readers."""
    return text if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else json.dumps(text)


def _literal(text: str, indent: int) -> str:
    lines = text.strip("\n").split("\n")
    # an indentation indicator is needed when the first line itself starts with a space
    head = "|2-" if lines[0].startswith(" ") else "|-"
    pad = " " * (indent + 2)
    return head + "".join("\n" + (pad + line if line.strip() else "") for line in lines)


def render_item(pairs: Pairs, dash_col: int, content_col: int) -> str:
    """One block-list item (`- key: value` then aligned `key: value` lines), newline-terminated."""
    out = []
    for i, (key, value) in enumerate(pairs):
        if i == 0:
            prefix = " " * dash_col + "-" + " " * (content_col - dash_col - 1)
        else:
            prefix = " " * content_col
        out.append(f"{prefix}{key}: {value}\n")
    return "".join(out)


def flow_item(pairs: Pairs) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


def append_to_list(text: str, root: yaml.MappingNode, key: str, make: ItemMaker) -> str:
    """`text` with one more item in the top-level list `key` (created when absent)."""
    for key_node, value_node in root.value:
        if key_node.value != key:
            continue
        if isinstance(value_node, yaml.SequenceNode) and not value_node.flow_style:
            return _append_block(text, value_node, make)
        if isinstance(value_node, yaml.SequenceNode):
            return _append_flow(text, value_node, make)
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in (
            "",
            "~",
            "null",
            "Null",
            "NULL",
        ):
            new = "\n" + make(2, 4).rstrip("\n")
            return (
                text[: value_node.start_mark.index].rstrip(" ")
                + new
                + text[value_node.end_mark.index :]
            )
        raise LedgerError(
            f"`{key}:` is not a list in this record",
            f"make `{key}:` a list (or remove it), then run the command again",
        )
    body = text if text.endswith("\n") or not text else text + "\n"
    return body + f"{key}:\n" + make(2, 4)


class ItemMaker:
    """Renders the new item for a given indentation (dash column, content column)."""

    def __init__(self, pairs: Pairs, flow_pairs: Pairs) -> None:
        self.pairs = pairs
        self.flow_pairs = flow_pairs

    def __call__(self, dash_col: int, content_col: int) -> str:
        rendered = [(k, _reindent(v, content_col)) for k, v in self.pairs]
        return render_item(rendered, dash_col, content_col)


def _reindent(value: str, content_col: int) -> str:
    # literal blocks were rendered for indent 0: shift their lines under the new key
    if not value.startswith("|"):
        return value
    head, _, rest = value.partition("\n")
    lines = rest.split("\n")
    return head + "".join("\n" + (" " * content_col + line if line else "") for line in lines)


def _append_block(text: str, seq: yaml.SequenceNode, make: ItemMaker) -> str:
    if not seq.value:
        raise LedgerError("an empty block list cannot be extended", "write `[]` or remove the key")
    first = seq.value[0]
    dash_col = seq.start_mark.column
    content_col = first.start_mark.column if first.start_mark.column > dash_col else dash_col + 2
    lines = text.splitlines(keepends=True)
    last = _last_line(seq)
    while last > 0 and not lines[last].strip():  # trailing blank lines of a block scalar
        last -= 1
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, make(dash_col, content_col))
    return "".join(lines)


def _append_flow(text: str, seq: yaml.SequenceNode, make: ItemMaker) -> str:
    start, end = seq.start_mark.index, seq.end_mark.index
    if not seq.value:  # `key: []` becomes a block list: easier to read and to extend
        return text[:start].rstrip(" ") + "\n" + make(2, 4).rstrip("\n") + text[end:]
    close = text.rindex("]", start, end)
    return text[:close] + ", " + flow_item(make.flow_pairs) + text[close:]


def _last_line(node: yaml.Node) -> int:
    """0-based index of the last line that holds part of `node`."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        # a block scalar ends at column 0 of the line after its content
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if getattr(node, "flow_style", False):
        return int(node.end_mark.line)
    if isinstance(node, yaml.MappingNode):
        return max(_last_line(child) for pair in node.value for child in pair)
    return max(_last_line(child) for child in node.value)


# -- top-level keys (used by the Bugzilla sync) ----------------------------------------------


def _pair(root: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in root.value if k.value == key), None)


def _line_end(text: str, line: int) -> int:
    """Index of the newline ending 0-based `line` (or the end of the text)."""
    index = -1
    for _ in range(line + 1):
        index = text.find("\n", index + 1)
        if index < 0:
            return len(text)
    return index


def set_key(
    text: str, root: yaml.MappingNode, key: str, rendered: str, after: Sequence[str]
) -> str:
    """`text` with the top-level `key` set to `rendered` (a one-line value): in place when the
    key is there, else on a new line after the first key of `after` present (else at the end)."""
    pair = _pair(root, key)
    if pair is not None:
        key_node, value = pair
        block = isinstance(value, yaml.CollectionNode) and not value.flow_style
        if block or (isinstance(value, yaml.ScalarNode) and value.style in ("|", ">")):
            end = _line_end(text, _last_line(value))
            return text[: key_node.end_mark.index] + ": " + rendered + text[end:]
        return text[: value.start_mark.index] + rendered + text[value.end_mark.index :]
    for name in after:
        found = _pair(root, name)
        if found is not None and found[0].start_mark.column == 0:
            end = _line_end(text, _last_line(found[1]))
            return text[:end] + f"\n{key}: {rendered}" + text[end:]
    body = text if text.endswith("\n") or not text else text + "\n"
    return body + f"{key}: {rendered}\n"


def drop_key(text: str, root: yaml.MappingNode, key: str) -> str:
    """`text` without the top-level `key` and its value (whole lines)."""
    pair = _pair(root, key)
    if pair is None:
        return text
    key_node, value = pair
    if key_node.start_mark.column != 0:
        raise LedgerError(
            f"cannot remove `{key}:` from a record written as a flow mapping",
            "write the record as block YAML (one key per line), then run the command again",
        )
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    end = _line_end(text, _last_line(value))
    return text[:start] + text[end + 1 :]


def add_to_item(text: str, root: yaml.MappingNode, key: str, index: int, line: str) -> str:
    """`text` with `line` (`name: value`) added as the last key of item `index` of the
    top-level block list `key`, aligned with the item's other keys."""
    pair = _pair(root, key)
    if pair is None or not isinstance(pair[1], yaml.SequenceNode) or pair[1].flow_style:
        raise LedgerError(f"`{key}:` is not a block list", f"write `{key}:` one item per line")
    item = pair[1].value[index]
    if not isinstance(item, yaml.MappingNode) or item.flow_style:
        raise LedgerError(
            f"item {index + 1} of `{key}:` is not written one key per line",
            "write it as block YAML, then run the command again",
        )
    end = _line_end(text, _last_line(item))
    return text[:end] + "\n" + " " * item.start_mark.column + line + text[end:]
