"""YAML → plain data with positions, refusing what YAML 1.1 and PyYAML would silently change.

The loader keeps the composed node tree next to the data so that any later stage can turn a
path inside the data into `file:line:col`. It refuses duplicate keys, aliases, tags other
than the plain ones, and resolves scalars by the YAML 1.2 core schema: `no`, `on`, `yes`
stay strings, and so do dates and times, which `values` parses with precise errors.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator import codes
from generator.codes import Problem
from generator.diagnostics import Diagnostic, Pos

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_DIGITS = 100
_ALIAS_MESSAGE = "anchors and aliases (&name / *name) are not allowed: write the value out in full"
_SURROGATE = re.compile("[\ud800-\udfff]")

# yaml.CParser is not exported by name (nor in the stubs): look it up in yaml.cyaml, which
# cannot be imported at all when PyYAML was built without libyaml
try:
    _CParser: Any = importlib.import_module("yaml.cyaml").CParser
except ImportError:  # pragma: no cover
    _CParser = None
LIBYAML = _CParser is not None


class _Refusal(yaml.MarkedYAMLError):
    """A construct the loader refuses, raised with the position of the offending node."""

    def __init__(
        self, problem: Problem, message: str, mark: yaml.Mark | None, hint: str = ""
    ) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.refusal = problem
        self.hint = hint or "see docs/format.md: records hold only plain YAML values"


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: true/false, decimal/0o/0x ints, floats, null; all else strings."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)



def _resolve(self: _Resolver, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """BaseResolver.resolve without path resolvers (none are used), called for every node.

    The base method builds a new list of candidate resolvers for each scalar; here the
    candidates for a first character are looked up once.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _CANDIDATES.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _Resolver.DEFAULT_SCALAR_TAG
    if kind is yaml.SequenceNode:
        return _Resolver.DEFAULT_SEQUENCE_TAG
    return _Resolver.DEFAULT_MAPPING_TAG


_CANDIDATES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in _Resolver.yaml_implicit_resolvers.items()
}
_Resolver.resolve = _resolve  # type: ignore[method-assign,assignment]
# Path resolvers are not used, yet the composer calls these two hooks for every node: as C
# builtins that ignore their arguments they cost no Python frame (their results are unused).
_Resolver.descend_resolver = staticmethod({}.get)  # type: ignore[assignment]
_Resolver.ascend_resolver = staticmethod(().__len__)  # type: ignore[assignment]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
}


class _PlainConstructor(yaml.constructor.SafeConstructor):
    """Plain YAML values; duplicate keys, non-text keys and over-long numbers refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refusal(
                    codes.WRONG_TYPE, f"keys must be text, found {key!r}", key_node.start_mark
                )
            if key in mapping:
                raise _Refusal(
                    codes.DUPLICATE_KEY,
                    f"duplicate key {key!r}: each key may appear once in a mapping",
                    key_node.start_mark,
                    "keep one of the two: YAML readers disagree on which one wins",
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value: str = node.value
        if len(value) > MAX_DIGITS:  # int() refuses (ValueError) past 4,300 digits anyway
            raise _Refusal(
                codes.OUT_OF_RANGE,
                f"a number of {len(value):,} digits is too long; the limit is {MAX_DIGITS}",
                node.start_mark,
            )
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value, 0) if value.startswith("0x") else int(value, 10)

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        value: str = node.value
        # only a "\ud800" escape can yield a lone surrogate: it cannot be written back as UTF-8
        if node.style == '"' and _SURROGATE.search(value):
            raise _Refusal(
                codes.NOT_UTF8,
                "the escape for a lone surrogate (\\ud800-\\udfff) is not a character",
                node.start_mark,
            )
        return value


_PlainConstructor.add_constructor("tag:yaml.org,2002:int", _PlainConstructor.construct_yaml_int)  # type: ignore[type-var]
_PlainConstructor.add_constructor("tag:yaml.org,2002:str", _PlainConstructor.construct_yaml_str)  # type: ignore[type-var]


class _Constructor(_PlainConstructor):
    """Also refuses aliases and tags: used when the text holds a `*` or a `!`.

    An alias needs a `*` and a tag a `!`, so text without either is read by the plain
    constructor, which saves a Python call per node on nearly every record.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _Refusal(
                codes.ALIAS,
                _ALIAS_MESSAGE,
                node.start_mark,
            )
        if node.tag not in _PLAIN_TAGS:
            raise _Refusal(
                codes.TAG,
                f"the tag {node.tag!r} is not allowed: records hold only plain YAML values",
                node.start_mark,
            )
        return super().construct_object(node, deep)


def _loader_class(constructor: type[_PlainConstructor]) -> type[Any]:
    if LIBYAML:

        class CLoader(_CParser, constructor, _Resolver):  # type: ignore[misc,valid-type]
            def __init__(self, stream: str) -> None:
                _CParser.__init__(self, stream)
                constructor.__init__(self)
                _Resolver.__init__(self)

        return CLoader

    class PureLoader(  # pragma: no cover - exercised only where libyaml is missing
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        constructor,  # type: ignore[valid-type,misc]
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            constructor.__init__(self)
            _Resolver.__init__(self)

    return PureLoader


_Loader = _loader_class(_Constructor)
_PlainLoader = _loader_class(_PlainConstructor)


@dataclass(slots=True)
class Document:
    """A loaded record: its data and the node tree that knows where each value was written."""

    path: str
    data: dict[str, Any]
    node: yaml.MappingNode
    # per mapping node: key → (key node, value node), built on first use; the model asks for
    # the position of nearly every key, so each lookup must not scan the mapping again
    _pairs: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict)

    def positions(self, where: Sequence[str | int] = ()) -> dict[str, Pos]:
        """The position of every value in the mapping at `where`, by key."""
        node, found = self._walk(where, key=False)
        if not found or not isinstance(node, yaml.MappingNode):
            return {}
        path = self.path
        return {
            key: Pos(path, value.start_mark.line + 1, value.start_mark.column + 1)
            for key, (_, value) in self._mapping(node).items()
        }

    def item_positions(self, where: Sequence[str | int]) -> list[Pos]:
        """The position of every item of the list at `where`, in order."""
        node, found = self._walk(where, key=False)
        if not found or not isinstance(node, yaml.SequenceNode):
            return []
        path = self.path
        return [Pos(path, n.start_mark.line + 1, n.start_mark.column + 1) for n in node.value]

    def pos(self, where: Sequence[str | int] = (), *, key: bool = False) -> Pos:
        """1-based position of the value at `where`, or of its key; the deepest match if absent."""
        mark = self._walk(where, key=key)[0].start_mark
        return Pos(self.path, mark.line + 1, mark.column + 1)

    def _walk(self, where: Sequence[str | int], *, key: bool) -> tuple[yaml.Node, bool]:
        """The node at `where` (its key node if `key`) and True, or the deepest found and False."""
        node: yaml.Node = self.node
        last = len(where) - 1
        for i, step in enumerate(where):
            if isinstance(node, yaml.MappingNode):
                pair = self._mapping(node).get(step)
                if pair is None:
                    return node, False
                node = pair[0] if key and i == last else pair[1]
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                node = node.value[step]
            else:
                return node, False
        return node, True

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        pairs = self._pairs.get(id(node))
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    pairs.setdefault(key_node.value, (key_node, value_node))
            self._pairs[id(node)] = pairs
        return pairs


def _diag(
    path: str, problem: Problem, message: str, hint: str, line: int = 1, col: int = 1
) -> Diagnostic:
    return Diagnostic(Pos(path, line, col), problem.code, problem.name, "error", message, hint)


def decode(path: str, raw: bytes) -> str | Diagnostic:
    """Bytes → text, refusing oversized, non-UTF-8 and empty files."""
    if len(raw) > MAX_BYTES:
        return _diag(
            path,
            codes.TOO_LARGE,
            f"file is larger than the limit of {MAX_BYTES:,} bytes",
            "split the record or move long evidence into a linked document",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return _diag(
            path,
            codes.NOT_UTF8,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
            line,
            col,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse(path: str, text: str, *, depth_check: bool = True) -> Document | Diagnostic:
    """Text → Document, or the one diagnostic that stops this file from being read.

    `depth_check=False` leaves the depth of plain text (no alias, no tag) to the caller: a
    record that passes its schema cannot nest deeply, so `validate` calls `too_deep` only
    for records that fail it, and saves a scan of every valid file.
    """
    suspicious = "*" in text or "!" in text
    try:
        loader = (_Loader if suspicious else _PlainLoader)(text)
    except yaml.reader.ReaderError as exc:  # the pure reader checks every character up front
        return _bad_character(path, text, exc)
    try:
        node = loader.get_single_node()
        if node is None:
            return _diag(
                path, codes.EMPTY, "file is empty", "write the record's keys, or delete the file"
            )
        walk = suspicious or (depth_check and _may_nest_deeply(text))
        deep = _too_deep(path, node) if walk else None
        if deep is not None:
            return deep
        if not isinstance(node, yaml.MappingNode):
            return _diag(
                path,
                codes.NOT_MAPPING,
                f"the top level must be a mapping of keys to values, found a {_kind(node)}",
                "start the file with `key: value` lines, e.g. `title: ...`",
            )
        data = loader.construct_document(node)
    except _Refusal as exc:
        line, col = _mark(exc.problem_mark)
        return _diag(path, exc.refusal, str(exc.problem), exc.hint, line, col)
    except yaml.reader.ReaderError as exc:  # libyaml checks characters as it reads
        return _bad_character(path, text, exc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark)
        what = " ".join(str(s) for s in (exc.context, exc.problem) if s)
        if "maximum nesting depth" in what:  # libyaml stops at 1,000 levels
            return _diag(
                path,
                codes.TOO_DEEP,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "records need only a few levels; flatten the structure",
                line,
                col,
            )
        return _diag(
            path,
            codes.YAML_SYNTAX,
            f"YAML syntax: {what}",
            "fix the YAML at this position",
            line,
            col,
        )
    except yaml.YAMLError as exc:
        return _diag(path, codes.YAML_SYNTAX, f"YAML syntax: {exc}", "fix the YAML syntax")
    except RecursionError:
        return _diag(
            path,
            codes.TOO_DEEP,
            f"values are nested more than {MAX_DEPTH} levels deep",
            "records need only a few levels; flatten the structure",
        )
    finally:
        loader.dispose()
    return Document(path, data, node)


def _depth(root: yaml.Node) -> int:
    """How deep the tree nests; an alias (a node reached twice) is refused on the way.

    The walk must not follow aliases: nine nested aliases of nine items each make 9**9 paths
    through a file of a few lines (billion laughs), so a revisited node stops it at once.
    """
    deepest, stack, seen = 0, [(root, 1)], set()
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if id(node) in seen:
            raise _Refusal(codes.ALIAS, _ALIAS_MESSAGE, node.start_mark)
        seen.add(id(node))
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, depth + 1) for _, value in node.value)
        else:
            stack.extend((item, depth + 1) for item in node.value)
    return deepest


# With fewer than MAX_DEPTH // 2 flow brackets and no leading run this long, the text nests
# at most 2 * (14 + 1) + 31 + 2 = 63 levels (see _may_nest_deeply).
_DEEP_LEAD = re.compile(r"^[ \t?:-]{15}", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    """False when the text cannot nest more than MAX_DEPTH levels, so the walk can be skipped.

    A block collection inside another starts at a greater column, except a sequence under a
    mapping key, which may share the key's column; its items then start two columns further
    in. So two levels of block nesting take at least one column of the leading run of spaces
    and `-`/`?`/`:` indicators, and each flow level takes a `[` or `{`.
    """
    brackets = text.count("[") + text.count("{")
    return brackets >= MAX_DEPTH // 2 or _DEEP_LEAD.search(text) is not None


def _kind(node: yaml.Node) -> str:
    return "list" if isinstance(node, yaml.SequenceNode) else "single value"


def _bad_character(path: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    index = exc.position
    if exc.encoding != "unicode":  # libyaml counts UTF-8 bytes, the pure reader characters
        index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
    line, col = _offset(text, index)
    return _diag(
        path,
        codes.YAML_SYNTAX,
        f"character U+{exc.character:04X} is not allowed in YAML",
        "remove the control character, or write it as an escape in a double-quoted string",
        line,
        col,
    )


def _offset(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _mark(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def load_bytes(path: str, raw: bytes, *, depth_check: bool = True) -> Document | Diagnostic:
    text = decode(path, raw)
    return text if isinstance(text, Diagnostic) else parse(path, text, depth_check=depth_check)


def too_deep(doc: Document) -> Diagnostic | None:
    """The depth refusal for a document loaded with `depth_check=False`, if it nests too deeply."""
    return _too_deep(doc.path, doc.node)


def _too_deep(path: str, node: yaml.Node) -> Diagnostic | None:
    depth = _depth(node)
    if depth <= MAX_DEPTH:
        return None
    return _diag(
        path,
        codes.TOO_DEEP,
        f"values are nested {depth} levels deep; the limit is {MAX_DEPTH}",
        "records need only a few levels; flatten the structure",
    )
