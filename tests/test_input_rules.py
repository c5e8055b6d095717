"""The rules every key and free text obey, whichever path checks them first."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from impactkit.domain import Finding
from impactkit.input_rules import key_problem, record_text_problems
from impactkit.limits import MAX_KEY_CHARS, MAX_TEXT_CHARS


@pytest.mark.parametrize("key", ["F1", "crc-32_b.(2)", "Ключ-1", "ά1", "a" * MAX_KEY_CHARS])
def test_good_keys_pass(key: str) -> None:
    assert key_problem(key) is None


@pytest.mark.parametrize(("key", "said"), [
    ("", "is empty"), ("   ", "is empty"), (" F1", "leading or trailing spaces"),
    ("a" * (MAX_KEY_CHARS + 1), f"at most {MAX_KEY_CHARS}"), ("a|b", "separates list items"),
    ("a\tb", "control character"), ("-a", "starts with a letter or a digit"),
    ("a/b", "U+002F SOLIDUS"), ("a b", "U+0020 SPACE"),
])
def test_bad_keys_are_refused_with_the_reason(key: str, said: str) -> None:
    message = key_problem(key, field="findings.key")
    assert message is not None and said in message and message.startswith("findings.key")


@dataclass
class Note:
    text: str


@dataclass
class Holder:
    key: str
    notes: list[Note] = field(default_factory=list)


def test_clean_records_have_no_text_problem() -> None:
    finding = Finding(key="F1", area="compliance", layer="practice", title="Line\nbreak\tok",
                      provisions=("CRC-32",), narrative="x" * MAX_TEXT_CHARS)
    assert record_text_problems(finding) == []
    assert record_text_problems(Holder("h", [Note("fine")])) == []
    assert record_text_problems("not a record") == []


def test_every_broken_text_is_named_by_its_field() -> None:
    finding = Finding(key="F1", area="compliance", layer="practice", title="bell\x07",
                      provisions=("CRC-32", "bad\x00code"), narrative="x" * (MAX_TEXT_CHARS + 1))
    found = dict(record_text_problems(finding))
    assert set(found) == {"title", "provisions", "narrative"}
    assert "U+0007" in found["title"] and "position 5" in found["title"]
    assert "U+0000" in found["provisions"]
    assert f"at most {MAX_TEXT_CHARS}" in found["narrative"]


def test_texts_inside_nested_records_are_named_by_their_path() -> None:
    found = record_text_problems(Holder("h", [Note("ok"), Note("bad\x1b")]))
    assert [name for name, _ in found] == ["notes[1].text"]
