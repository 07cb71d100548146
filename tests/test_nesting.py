"""The nesting guard: dtrack decides 'too deep', and where, before any YAML parser reads it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_cli.limits import MAX_DEPTH
from directive_cli.reading import yamlio
from directive_cli.reading.nesting import find_deep, may_be_deep
from directive_cli.reading.yamlio import YamlProblem, load_text


def parser_says(text: str, limit: int) -> tuple[int, int] | None:
    """The oracle: the first collection start past `limit` as PyYAML's pure-Python parser sees it
    (it has no depth limit of its own and streams events, so it can serve as YAML's definition)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


scalars = st.one_of(
    st.sampled_from(["x", "Sở Nội vụ", "a [b] {c}", "'q'", '"d"', "# not a comment", "k: v", ""]),
    st.text(alphabet="ab[]{},:#'\" -\n|>", max_size=12),
    st.integers(),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(trees, st.sampled_from([None, True, False]), st.integers(1, 6), st.booleans())
def test_the_guard_agrees_with_yaml_on_where_nesting_passes_the_limit(tree, flow, limit, indent):
    text = yaml.safe_dump(
        tree, default_flow_style=flow, allow_unicode=True, indent=4 if indent else 2, width=30
    )
    assert find_deep(text, limit) == parser_says(text, limit), text


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("x: " + "[" * 70 + "]" * 70, (1, 4 + MAX_DEPTH - 1)),
        ("- " * 70 + "x", (1, 2 * MAX_DEPTH + 1)),
        ("".join(" " * i + "k:\n" for i in range(70)), (MAX_DEPTH + 1, MAX_DEPTH + 1)),
        ("a:\n" + "".join("  " * i + "- b:\n" for i in range(40)), (33, 65)),
        ('x: "' + "[" * 100 + '"\ny: |\n  ' + "{" * 100 + "\nz: [a, '[[[[', \"]]\"]\n", None),
    ],
)
def test_shapes(text, place):
    assert find_deep(text) == place
    assert find_deep(text) == parser_says(text, MAX_DEPTH)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1_000, 1_001, 100_000])
@pytest.mark.parametrize("shape", ["[", "{a: ", "- "])
def test_too_deep_is_decided_before_any_parser_runs(monkeypatch, shape, depth):
    # libyaml refuses 1,000 levels by itself (PyYAML 6.0.4) and crashed on 100,000 before:
    # whichever parser is installed, the clerk reads dtrack's message at dtrack's place.
    def no_parser(*_args, **_kwargs):
        raise AssertionError("a parser was asked")

    monkeypatch.setattr(yamlio, "StrictLoader", no_parser)
    monkeypatch.setattr(yaml, "parse", no_parser)
    close = {"[": "]", "{a: ": "}", "- ": ""}[shape]
    prefix = "x: " * (shape != "- ")
    with pytest.raises(YamlProblem) as exc:
        load_text(prefix + shape * depth + "x" + close * depth + "\n")
    step = len(shape)
    column = len(prefix) + step * (MAX_DEPTH - (shape != "- ")) + 1
    assert (exc.value.code, exc.value.line, exc.value.column) == ("too-deep", 1, column)


def test_ordinary_files_are_cleared_by_the_cheap_bound():
    from tests.conftest import DEFAULT_DATA

    for path in sorted((DEFAULT_DATA / "directives").glob("*.yaml")):
        assert not may_be_deep(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize(
    "text",
    [
        "a: b\n  c [d\n  [e f\nx:\n  - [[[y]]]\n",  # a plain scalar going on over lines
        "a: 'it''s [\n  [[ still' \nb: [[[c]]]\n",  # a single-quoted scalar over lines
        'a: "x \\" [[[\n  y"\nb: {c: {d: [e]}}\n',  # escapes in double quotes
        "--- \n- - [a]\n--- # two\n- - - - x\n...\n",  # documents and their markers
        "? - - a\n: - [b]\n",  # complex keys
        "a: &x [b, [c, [d]]]\nb: !!seq [[e]]\nc: *x\n",  # anchors, tags, aliases
        "a:\n- b:\n  - c:\n    - d\n",  # indentless sequences
        "a: [b, # a comment [[[\n  [c, [d]]]\n",  # comments inside flow
        "a: |\n  [[[[[[\n  - - - -\nb: >-\n    {{{{{\n\nc: [[[[x]]]]\n",  # block scalars
        "a: [[[[b]]]]\t# a tab before a comment\n",
    ],
)
def test_hand_written_styles_agree_with_yaml(text):
    for limit in (1, 2, 3, 4):
        assert find_deep(text, limit) == parser_says(text, limit), (limit, text)
