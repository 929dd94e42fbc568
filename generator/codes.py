"""Codes and names of the problems the loader and validator report (rules have their own)."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    code: str
    name: str


NOT_UTF8 = Problem("LDG001", "not-utf8")
EMPTY = Problem("LDG002", "empty-file")
YAML_SYNTAX = Problem("LDG003", "yaml-syntax")
DUPLICATE_KEY = Problem("LDG004", "duplicate-key")
ALIAS = Problem("LDG005", "yaml-alias")
TAG = Problem("LDG006", "yaml-tag")
TOO_LARGE = Problem("LDG007", "file-too-large")
NOT_MAPPING = Problem("LDG008", "not-a-mapping")
BAD_NAME = Problem("LDG009", "bad-file-name")
STRAY = Problem("LDG010", "stray-file")
TOO_DEEP = Problem("LDG011", "too-deep")
SCHEMA_VERSION = Problem("LDG012", "schema-version")
UNREADABLE = Problem("LDG013", "unreadable-file")
UNKNOWN_KEY = Problem("LDG021", "unknown-key")
MISSING_KEY = Problem("LDG022", "missing-key")
WRONG_TYPE = Problem("LDG023", "wrong-type")
BAD_VALUE = Problem("LDG024", "bad-value")
BAD_FORMAT = Problem("LDG025", "bad-format")
OUT_OF_RANGE = Problem("LDG026", "out-of-range")
NOT_ALLOWED = Problem("LDG027", "not-allowed")
BAD_DATE = Problem("LDG031", "invalid-date")
BAD_INSTANT = Problem("LDG032", "invalid-instant")
NAIVE_INSTANT = Problem("LDG033", "missing-timezone")
BAD_ZONE = Problem("LDG034", "unknown-timezone")
DUPLICATE_ID = Problem("LDG041", "duplicate-id")
PLACEHOLDER = Problem("LDG042", "placeholder-text")
DANGLING = Problem("LDG205", "dangling-reference")
BIDI = Problem("LDG035", "bidi-control")
