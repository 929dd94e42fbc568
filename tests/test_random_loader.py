"""Random bytes and random YAML fed to the loader: a Document or a Diagnostic, never an exception."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.load import Document, load_bytes

EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# pieces that reach the loader's special cases: tags, anchors, flow, escapes, YAML 1.1 words
TOKENS = st.sampled_from([
    "a", "title", ":", ": ", "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "&x ", "*x", "!!python/object:os.system ",
    "!tag ", "!!binary ", "'", '"', "\\ud800", "\\x00", "#", "---\n", "...\n", "? ", "|\n", ">-\n", "yes", "no", "on",
    "1:30", "0x1F", "0o17", "1e999", ".nan", "2024-02-30", "24:00", "~", "<<", "\ufeff", "\u202e", "\x00", "\r\n", "%YAML 1.1\n",
    "9" * 120, "é", "\x85",
])  # fmt: skip


def check(loaded: Document | Diagnostic) -> None:
    assert isinstance(loaded, Document | Diagnostic)
    if isinstance(loaded, Diagnostic):
        assert loaded.pos.line >= 1 and loaded.pos.col >= 1
        assert loaded.message and loaded.code.startswith("LDG")
    else:
        assert isinstance(loaded.data, dict)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    check(load_bytes("incidents/x.yaml", raw))


@SETTINGS
@given(st.lists(TOKENS, max_size=60).map("".join))
def test_random_yaml_tokens(text: str) -> None:
    check(load_bytes("incidents/x.yaml", text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(st.text(max_size=500))
def test_random_text(text: str) -> None:
    check(load_bytes("incidents/x.yaml", text.encode("utf-8", "surrogatepass")))
