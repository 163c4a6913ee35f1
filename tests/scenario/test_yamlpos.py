"""Tests for the safe, position-tracking YAML loader (wargame.scenario.yamlpos)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from wargame.errors import ScenarioError
from wargame.scenario import yamlpos
from wargame.scenario.yamlpos import LoadedYaml, format_path, load_yaml

LOADERS: list[type[Any]] = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.append(yaml.CSafeLoader)


@pytest.fixture(autouse=True, params=LOADERS, ids=lambda cls: cls.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every test with libyaml's C parser and with the pure-Python one."""
    monkeypatch.setattr(yamlpos, "_LOADER", request.param)
    yield


def load(text: str | bytes, **kwargs: int) -> LoadedYaml:
    return load_yaml(text, filename="s.yaml", **kwargs)


def problems(text: str | bytes, **kwargs: int) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load(text, **kwargs)
    return [str(p) for p in info.value.problems]


def one_problem(text: str | bytes, **kwargs: int) -> str:
    found = problems(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


# -- successful loads -----------------------------------------------------------


def test_values_and_positions() -> None:
    text = (
        "name: Test\n"  # 1
        "turns: 3\n"  # 2
        "moves:\n"  # 3
        "  - id: a\n"  # 4
        "    effects: [{add: x}, 2.5]\n"  # 5
        "  - id: b\n"  # 6
        "start: 2024-05-01\n"  # 7
        "flag: no\n"  # 8
        "nothing:\n"  # 9
    )
    loaded = load(text)
    assert loaded.data == {
        "name": "Test",
        "turns": 3,
        "moves": [{"id": "a", "effects": [{"add": "x"}, 2.5]}, {"id": "b"}],
        "start": "2024-05-01",
        "flag": False,
        "nothing": None,
    }
    pos = loaded.positions
    assert pos[()] == (1, 1)
    assert pos[("name",)] == (1, 7)
    assert pos[("turns",)] == (2, 8)
    assert pos[("moves",)] == (4, 3)
    assert pos[("moves", 0)] == (4, 5)
    assert pos[("moves", 0, "id")] == (4, 9)
    assert pos[("moves", 0, "effects")] == (5, 14)
    assert pos[("moves", 0, "effects", 0)] == (5, 15)
    assert pos[("moves", 0, "effects", 0, "add")] == (5, 21)
    assert pos[("moves", 0, "effects", 1)] == (5, 25)
    assert pos[("moves", 1, "id")] == (6, 9)
    assert loaded.key_positions[("moves", 0, "effects")] == (5, 5)
    assert loaded.key_positions[("moves", 0, "effects", 0, "add")] == (5, 16)
    assert loaded.key_positions[("start",)] == (7, 1)


def test_keys_are_strings_as_written() -> None:
    loaded = load("1: a\nno: b\nnull: c\n2.5: d\n'quoted': e\n")
    assert loaded.data == {"1": "a", "no": "b", "null": "c", "2.5": "d", "quoted": "e"}


def test_standard_tags_allowed_and_timestamps_become_strings() -> None:
    loaded = load("a: !!str 12\nb: !!int '7'\nc: 2024-01-02 03:04:05\nd: !!float 1\n")
    assert loaded.data == {"a": "12", "b": 7, "c": "2024-01-02T03:04:05", "d": 1.0}


def test_bytes_with_bom_and_utf8() -> None:
    loaded = load("\ufeffname: Zoë\n".encode())
    assert loaded.data == {"name": "Zoë"}
    assert loaded.positions[("name",)] == (1, 7)


def test_crlf_line_endings() -> None:
    loaded = load("a: 1\r\nb: 2\r\n")
    assert loaded.data == {"a": 1, "b": 2}
    assert loaded.positions[("b",)] == (2, 4)


def test_format_path() -> None:
    assert format_path(()) == ""
    assert format_path(("moves", 3, "effects", 0, "add", "actor")) == (
        "moves[3].effects[0].add.actor"
    )
    assert format_path(("actors", "U.S.", "name")) == "actors['U.S.'].name"


# -- problems -------------------------------------------------------------------


def test_syntax_error() -> None:
    found = one_problem("a: 1\nb: [1, 2\nc: 3\n")
    assert found.startswith("s.yaml:3:")
    assert "YAML syntax error" in found
    assert "Traceback" not in found


def test_syntax_error_bad_indentation() -> None:
    found = one_problem("a: 1\n b: 2\n")
    assert found.startswith("s.yaml:2:")
    assert "YAML syntax error" in found


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n\tb: 1\n", "2:1"),
        ("a:\n  b: 1\n  \tc: 2\n", "3:3"),
        ("a:\n  - x\n\t- y\n", "3:1"),
        ("a: |\n\tindented text\n", "2:1"),
    ],
)
def test_tab_indentation(text: str, where: str) -> None:
    assert one_problem(text) == f"s.yaml:{where}: tab character used for indentation; use spaces"


def test_python_tag_rejected() -> None:
    assert one_problem("a: 1\nb: !!python/object:os.system ls\n") == (
        "s.yaml:2:4: b: tag '!!python/object:os.system' is not allowed; "
        "only plain YAML is allowed in scenario files"
    )


def test_local_and_collection_tags_rejected() -> None:
    found = problems("a: !foo bar\nb: !!set {x: null}\nc: !!python/tuple [1]\nd: !!binary aGk=\n")
    assert found == [
        "s.yaml:1:4: a: tag '!foo' is not allowed; only plain YAML is allowed in scenario files",
        "s.yaml:2:4: b: tag '!!set' is not allowed; only plain YAML is allowed in scenario files",
        "s.yaml:3:4: c: tag '!!python/tuple' is not allowed; "
        "only plain YAML is allowed in scenario files",
        "s.yaml:4:4: d: tag '!!binary' is not allowed; "
        "only plain YAML is allowed in scenario files",
    ]


def test_bad_value_for_explicit_tag() -> None:
    assert one_problem("a: !!int abc\n") == "s.yaml:1:4: a: cannot read 'abc' as !!int"


def test_duplicate_keys_all_reported() -> None:
    text = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 4\n"
    assert problems(text) == [
        "s.yaml:5:3: b.x: duplicate key 'x' (first defined at line 3)",
        "s.yaml:6:1: a: duplicate key 'a' (first defined at line 1)",
    ]


def test_anchor_and_alias_rejected() -> None:
    assert problems("a: &x 1\nb: *x\n") == [
        "s.yaml:1:4: a: YAML anchors (&x) are not allowed in scenario files",
        "s.yaml:2:4: b: YAML aliases (*x) are not allowed in scenario files",
    ]


def test_merge_key_rejected() -> None:
    found = problems("base: {x: 1}\nother:\n  <<: {y: 2}\n  z: 3\n")
    assert found == ["s.yaml:3:3: other: merge keys (<<) are not allowed in scenario files"]


def test_billion_laughs_rejected_without_expansion() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ScenarioError) as info:
        load("\n".join(lines) + "\n")
    messages = [p.message for p in info.value.problems]
    assert "YAML aliases (*a) are not allowed in scenario files" in messages
    # The problem list is capped rather than growing with the file.
    assert len(messages) <= 101


def test_file_too_large_checked_before_parsing() -> None:
    big = "x: [" + "1, " * 2_000_000 + "]\n"  # ~6 MB, and would be slow to parse
    assert len(big) > 6_000_000
    assert one_problem(big) == "s.yaml:1:1: file is 6.1 MB; the limit is 5 MB"
    assert one_problem(big.encode()) == "s.yaml:1:1: file is 6.1 MB; the limit is 5 MB"


def test_custom_size_limit() -> None:
    assert one_problem("a: 12345\n", max_bytes=5) == (
        "s.yaml:1:1: file is 9 bytes; the limit is 5 bytes"
    )
    assert one_problem("a: 1\n" * 500_001, max_bytes=2_500_000) == (
        "s.yaml:1:1: file is 2.6 MB; the limit is 2.5 MB"
    )


def test_too_many_nodes() -> None:
    text = "a:\n" + "".join(f"  - {i}\n" for i in range(50))
    assert one_problem(text, max_nodes=20) == (
        "s.yaml:19:5: file has more than 20 YAML nodes (the limit)"
    )
    assert load(text, max_nodes=53).data["a"][-1] == 49


def test_too_deep() -> None:
    found = one_problem("a: " + "[" * 500 + "]" * 500 + "\n")
    assert found.endswith("nesting is deeper than 200 levels (the limit)")


def test_complex_key_rejected() -> None:
    assert problems("? [a, b]\n: 1\nc: 2\n? {x: 1}\n: 3\n") == [
        "s.yaml:1:3: mapping keys must be plain strings, got a list",
        "s.yaml:4:3: mapping keys must be plain strings, got a mapping",
    ]


def test_flow_complex_key_rejected() -> None:
    found = one_problem("a: {[1, 2]: x, b: 1}\n")
    assert found == "s.yaml:1:5: a: mapping keys must be plain strings, got a list"


def test_empty_key_rejected() -> None:
    assert one_problem("a: 1\n?\n: 2\n") == "s.yaml:2:2: mapping key is empty"


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "---\n", "---\n...\n", "~\n"])
def test_empty_document(text: str) -> None:
    assert one_problem(text) == "s.yaml:1:1: file is empty; expected a mapping at the top level"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- a\n- b\n",
            "s.yaml:1:1: the top level must be a mapping (key: value lines), got a list",
        ),
        (
            "# c\nhello\n",
            "s.yaml:2:1: the top level must be a mapping (key: value lines), got a string",
        ),
        ("42\n", "s.yaml:1:1: the top level must be a mapping (key: value lines), got a number"),
    ],
)
def test_top_level_not_a_mapping(text: str, message: str) -> None:
    assert one_problem(text) == message


def test_multiple_documents() -> None:
    assert one_problem("a: 1\n---\nb: 2\n") == (
        "s.yaml:2:1: file contains more than one YAML document ('---'); "
        "a scenario file must contain exactly one"
    )


def test_invalid_utf8() -> None:
    data = "a: 1\nname: Zoë \xff\n".encode("latin-1")
    found = one_problem(data)
    assert found.startswith("s.yaml:2:9: file is not valid UTF-8 (byte 0xeb at offset 13)")
    data = "a: 1\nname: Zoë\n".encode() + b"\xff\n"
    assert one_problem(data).startswith("s.yaml:3:1: file is not valid UTF-8 (byte 0xff")
    data = "a: 1\nname: Zoë".encode() + b"!\xff\n"
    assert one_problem(data).startswith("s.yaml:2:11: file is not valid UTF-8 (byte 0xff")


def test_control_character() -> None:
    assert one_problem("a: 1\nb: x\x07y\n") == (
        "s.yaml:2:5: control character U+0007 is not allowed in YAML"
    )


def test_several_problems_reported_at_once() -> None:
    text = "a: !foo 1\nb: &x 2\nc: *x\na: 3\n"
    assert problems(text) == [
        "s.yaml:1:4: a: tag '!foo' is not allowed; only plain YAML is allowed in scenario files",
        "s.yaml:2:4: b: YAML anchors (&x) are not allowed in scenario files",
        "s.yaml:3:4: c: YAML aliases (*x) are not allowed in scenario files",
        "s.yaml:4:1: a: duplicate key 'a' (first defined at line 1)",
    ]


def test_problems_before_a_syntax_error_are_kept() -> None:
    found = problems("a: 1\na: 2\nb: [1\n")
    assert found[0] == "s.yaml:2:1: a: duplicate key 'a' (first defined at line 1)"
    assert "YAML syntax error" in found[1]
