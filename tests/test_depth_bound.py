"""The cheap text test that lets the loader skip its depth walk never lets a deep file through."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import MAX_DEPTH, _depth, _may_nest_deeply, _PlainLoader

leaves = st.one_of(st.text(max_size=5), st.integers(), st.none())
nested = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=2),
        st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, min_size=1, max_size=2),
    ),
    max_leaves=80,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(value=nested, indent=st.integers(2, 6), flow=st.sampled_from([False, None, True]))
def test_a_file_that_passes_the_text_test_is_not_too_deep(value: object, indent: int, flow: bool | None) -> None:
    text = yaml.safe_dump({"k": value}, indent=indent, default_flow_style=flow)
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if not _may_nest_deeply(text):
        assert _depth(node) <= MAX_DEPTH


def test_a_deep_block_file_is_caught_by_the_text_test() -> None:
    text = "k:\n" + "".join(" " * i + "- x:\n" for i in range(0, 140, 2)) + " " * 140 + "- 1\n"
    assert _may_nest_deeply(text)
