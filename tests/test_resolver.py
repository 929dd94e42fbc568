"""The loader's fast resolver tags every scalar exactly as PyYAML's own resolve would."""

from __future__ import annotations

import random

import yaml

from generator.load import _resolve, _Resolver

FIXED = ["", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRue", "false", "yes",
         "no", "on", "off", "1", "-1", "+1", "0o17", "0x1F", "017", "1.5", ".5", "1.", "1e5",
         "1.5e-3", ".inf", "-.Inf", ".nan", ".NaN", "2024-03-04", "08:00", "1:30", "abc", "-",
         "+", ".", "0x", "0o8"]


def test_fast_resolve_equals_the_base_resolver() -> None:
    resolver = _Resolver()
    rng = random.Random(3)
    samples = FIXED + ["".join(rng.choice("01-+.eExoabTtFfnN~:") for _ in range(rng.randint(1, 6)))
                       for _ in range(5000)]
    for value in samples:
        for implicit in ((True, False), (False, True), (False, False)):
            expected = yaml.resolver.BaseResolver.resolve(resolver, yaml.ScalarNode, value, implicit)
            assert _resolve(resolver, yaml.ScalarNode, value, implicit) == expected, value
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        expected = yaml.resolver.BaseResolver.resolve(resolver, kind, None, (True, False))
        assert _resolve(resolver, kind, None, (True, False)) == expected
