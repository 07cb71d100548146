"""The loader and every kind of validation error, each on a small file of its own."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_cli.loading.load import load
from directive_cli.reading.yamlio import YamlProblem, decode, load_text

GOOD = """\
number: 1958/UBND-NC
kind: cong-van
issued: 2025-09-11
subject: triển khai Kết luận
recipients: [so-ban-nganh, xa-phuong]
tasks:
  - id: "3.2"
    title: Hướng dẫn các xã, phường
    lead: snv
    support: [xa-phuong]
    due: trong tháng 9/2025
  - id: "4.1"
    title: Rà soát đội ngũ cán bộ
    lead: [xa-phuong]
    due: trước ngày 20/9/2025
    updates:
      - {date: 2025-09-18, kind: done, agency: xa-an-khanh, ref: Báo cáo số 1}
"""


def codes(repo):
    return [d.code for d in repo.errors]


def only_error(repo):
    assert len(repo.errors) == 1, [(d.code, d.message) for d in repo.errors]
    return repo.errors[0]


def test_good_file_loads_and_groups_expand(make_data):
    repo = load(make_data({"2025-1958-UBND-NC.yaml": GOOD}))
    assert repo.errors == []
    (d,) = repo.directives
    assert d.id == "2025-1958-UBND-NC"
    assert d.model.tasks[0].lead[0].agency == "snv"
    assert repo.expand("xa-phuong") == ("xa-an-khanh", "phuong-duc-xuan")
    assert repo.expand("so-ban-nganh") == ("snv", "stc", "stp")
    assert list(repo.agencies) == ["snv", "stc", "stp", "xa-an-khanh", "phuong-duc-xuan"]


def test_text_stays_text():
    data = load_text("a: no\nb: yes\nc: on\nd: 1958\ne: 09\nf: 2025-09-11\ng: null\nh:\n")
    assert data == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": "1958",
        "e": "09",
        "f": "2025-09-11",
        "g": None,
        "h": None,
    }


def test_nfd_is_normalised_and_bom_crlf_accepted():
    nfd = "subject: Ủy ban nhân dân\r\n".encode()
    import unicodedata

    raw = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", nfd.decode()).encode("utf-8")
    data = load_text(decode(raw))
    assert data == {"subject": "Ủy ban nhân dân"}
    assert unicodedata.is_normalized("NFC", data["subject"])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x 1\nb: *x\n", "yaml-alias"),
        ("a: !!python/object:os.system x\n", "yaml-tag"),
        ("!!python/object/apply:os.system a: 1\n", "yaml-tag"),  # a tag on a key too
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a:\n\tb: 1\n", "yaml-syntax"),
        ("<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> x\n", "merge-conflict"),
    ],
)
def test_yaml_refusals(text, code):
    with pytest.raises(YamlProblem) as exc:
        load_text(text)
    assert exc.value.code == code
    assert exc.value.line is not None


def test_windows_1258_is_refused_with_the_encoding_named():
    import unicodedata

    def cp1258(ch: str) -> bytes:
        # Windows-1258 keeps base letters (â, ơ, ư) whole and writes tones as combining marks.
        try:
            return ch.encode("cp1258")
        except UnicodeEncodeError:
            return unicodedata.normalize("NFD", ch).encode("cp1258")

    raw = b"".join(cp1258(c) for c in "subject: Ủy ban nhân dân tỉnh Thái Nguyên\n")
    with pytest.raises(YamlProblem) as exc:
        decode(raw)
    assert exc.value.code == "encoding"
    assert "Windows-1258" in exc.value.message


def test_syntax_error_has_line_and_quote(make_data):
    repo = load(make_data({"x.yaml": "subject: a\ntasks:\n  - id: 1\n   title: b\n"}))
    err = only_error(repo)
    assert err.code == "yaml-syntax"
    assert err.line == 4
    assert err.source_line == "   title: b"


def test_tab_indentation_named(make_data):
    repo = load(make_data({"x.yaml": "subject: a\ntasks:\n\t- id: 1\n"}))
    err = only_error(repo)
    assert "Tab" in err.message
    assert err.line == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Tệp rỗng"),
        ("- a\n- b\n", "ánh xạ"),
        ("just text\n", "ánh xạ"),
    ],
)
def test_empty_or_not_a_mapping(make_data, text, expected):
    repo = load(make_data({"x.yaml": text}))
    err = only_error(repo)
    assert expected in err.message
    assert err.line == 1


def test_list_where_mapping_expected(make_data):
    repo = load(make_data({"x.yaml": "subject: a\ntasks:\n  - [a, b]\n"}))
    err = only_error(repo)
    assert err.code == "expected-mapping"
    assert err.line == 3


def test_unknown_key_suggests_closest(make_data):
    text = GOOD.replace("    due: trong tháng 9/2025", "    dead-line: trong tháng 9/2025")
    repo = load(make_data({"2025-1958-UBND-NC.yaml": text}))
    err = only_error(repo)
    assert err.code == "unknown-key"
    assert "'dead-line'" in err.message
    assert "'due'" in err.hint
    assert err.line == 11
    assert err.column == 5
    assert err.source_line.strip().startswith("dead-line:")


def test_unknown_agency_suggests_ids(make_data):
    text = GOOD.replace("    lead: snv\n", "    lead: svn\n")
    repo = load(make_data({"a.yaml": text}))
    err = only_error(repo)
    assert err.code == "unknown-agency"
    assert "'snv'" in err.hint
    assert err.line == 9


def test_unknown_group_in_recipients(make_data):
    text = GOOD.replace("recipients: [so-ban-nganh, xa-phuong]", "recipients: [so-ban-ngan]")
    err = only_error(load(make_data({"a.yaml": text})))
    assert err.code == "unknown-agency"
    assert "'so-ban-nganh'" in err.hint


def test_duplicate_task_id_names_both(make_data):
    text = GOOD.replace('  - id: "4.1"', '  - id: "3.2"')
    err = only_error(load(make_data({"a.yaml": text})))
    assert err.code == "duplicate-task"
    assert "nhiệm vụ thứ 1" in err.message
    assert "(dòng 7)" in err.message  # the first use, by line
    assert err.line == 12


def test_duplicate_agency_and_group_ids(make_data):
    from conftest import AGENCIES_YAML

    agencies = AGENCIES_YAML.replace(
        "  - {id: stp, name: Sở Tư pháp, kind: so}", "  - {id: snv, name: Sở Tư pháp, kind: so}"
    ).replace("  - {id: xa-phuong, name:", "  - {id: stc, name:")
    repo = load(make_data({"a.yaml": GOOD.replace("so-ban-nganh, ", "")}, agencies))
    dup = [d for d in repo.errors if d.code == "duplicate-id"]
    assert len(dup) == 2
    assert "cơ quan thứ 1 trong 'agencies' (dòng 14)" in dup[0].message
    assert "cơ quan thứ 2 trong 'agencies' (dòng 15)" in dup[1].message


def test_unreadable_deadline_and_impossible_date(make_data):
    text = GOOD.replace("trong tháng 9/2025", "trước tháng 10/2025").replace(
        "trước ngày 20/9/2025", "trước ngày 31/9/2025"
    )
    repo = load(make_data({"a.yaml": text}))
    assert codes(repo) == ["bad-deadline", "bad-deadline"]
    assert "trước tháng 10/2025" in repo.errors[0].message
    assert "31/9/2025" in repo.errors[1].message


def test_due_before_issued(make_data):
    text = GOOD.replace("trước ngày 20/9/2025", "trước ngày 20/8/2025")
    err = only_error(load(make_data({"a.yaml": text})))
    assert err.code == "due-before-issued"


def test_update_before_issued_and_not_a_lead_and_extended_without_due(make_data):
    text = GOOD.replace(
        "      - {date: 2025-09-18, kind: done, agency: xa-an-khanh, ref: Báo cáo số 1}",
        "      - {date: 2025-09-01, kind: done, agency: xa-an-khanh}\n"
        "      - {date: 2025-09-18, kind: done, agency: snv}\n"
        "      - {date: 2025-09-19, kind: extended}",
    )
    repo = load(make_data({"a.yaml": text}))
    assert sorted(codes(repo)) == ["extended-without-due", "not-a-lead", "update-before-issued"]


def test_bad_values_are_named(make_data):
    text = GOOD.replace("kind: cong-van", "kind: cong-vn").replace(
        "issued: 2025-09-11", "issued: 2025-09-31"
    )
    repo = load(make_data({"a.yaml": text}))
    by_code = {d.code: d for d in repo.errors}
    assert "'cong-van'" in by_code["bad-value"].hint
    assert "2025-09-31" in by_code["bad-date"].message


def test_all_problems_of_all_files_at_once(make_data):
    repo = load(
        make_data(
            {
                "a.yaml": GOOD.replace("lead: snv", "lead: svn"),
                "b.yaml": "subject: [\n",
                "sub/c.yaml": GOOD.replace("subject:", "subjet:"),
            }
        )
    )
    assert len(repo.errors) >= 3
    assert {d.file.split("/")[-1] for d in repo.errors} == {"a.yaml", "b.yaml", "c.yaml"}
    assert repo.broken_files


def test_missing_data_folder(tmp_path):
    from directive_cli.errors import DataFolderError

    with pytest.raises(DataFolderError):
        load(tmp_path / "nope")


def test_default_data_is_valid():
    from conftest import DEFAULT_DATA

    repo = load(DEFAULT_DATA)
    assert repo.errors == [], [(d.file, d.line, d.message) for d in repo.errors]
    assert len(repo.agencies) == 112
    kinds = [a.kind for a in repo.agencies.values()]
    assert kinds.count("xa") == 77
    assert kinds.count("phuong") == 15
    assert "xa-phuong-dac-khu" not in repo.groups  # Thái Nguyên has no đặc khu
    assert len(repo.directives) == 2
    # The draft plan is valid but not in force: a warning says so.
    assert [(d.code, d.file) for d in repo.diagnostics] == [
        ("not-issued", "data/directives/2026-KH-so-ket-01-nam.yaml")
    ]
    annex = [lead for d in repo.directives for t in d.model.tasks for lead in t.lead if lead.detail]
    assert len(annex) == 26


def test_the_other_provinces_directive_has_its_own_folder():
    from conftest import ROOT

    repo = load(ROOT / "examples" / "tinh-chua-ro-ten")
    assert repo.errors == [], [(d.file, d.line, d.message) for d in repo.errors]
    assert repo.issuer.name == "Ủy ban nhân dân tỉnh"  # the province's name was lost
    (d,) = repo.directives
    assert d.model.subject is None and d.model.issued is None  # lost with the header
    assert {x.code for x in repo.diagnostics} == {"not-issued", "missing-subject"}


RECURRING = """\
issued: 2024-11-01
subject: báo cáo định kỳ
tasks:
  - id: m
    title: Báo cáo tháng
    lead: snv
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-01%s}
    updates:
      - {date: 2025-12-10, kind: done, period: %s}
"""


@pytest.mark.parametrize(
    ("until", "period", "message"),
    [
        ("", "2024-12", "Kỳ 2024-12 nằm ngoài thời gian của nhiệm vụ định kỳ (từ 2025-01)."),
        (
            ", until: 2026-12",
            "2027-01",
            "Kỳ 2027-01 nằm ngoài thời gian của nhiệm vụ định kỳ (từ 2025-01 đến 2026-12).",
        ),
    ],
)
def test_update_period_outside_repeat(make_data, until, period, message):
    repo = load(make_data({"d.yaml": RECURRING % (until, period)}))
    err = only_error(repo)
    assert err.code == "period-out-of-range"
    assert err.message == message
    assert (err.line, err.column) == (10, 48)  # the period value


@pytest.mark.parametrize("period", ["2025-01", "2026-12"])
def test_update_period_at_the_edges_of_repeat(make_data, period):
    repo = load(make_data({"d.yaml": RECURRING % (", until: 2026-12", period)}))
    assert repo.errors == []


def test_extension_and_repeat_checks(make_data):
    text = """\
issued: 2025-09-11
subject: thử
tasks:
  - id: "1"
    title: t
    lead: snv
    due: 2025-09-30
    updates:
      - {date: 2025-09-20, kind: extended, due: 2025-09-01}
      - {date: 2025-09-21, kind: extended, due: thường xuyên}
  - id: r
    title: t
    lead: snv
    due: trước ngày 20 hằng tháng
    repeat: {every: month, from: 2025-10, until: 2025-01}
    updates:
      - {date: 2025-10-20, kind: extended, period: 2025-10, due: sớm nhất có thể}
"""
    repo = load(
        make_data(
            {
                "a.yaml": text,
                "b.yaml": "subject: x\ntasks:\n  - {id: 'II#1', title: t, lead: snv}\n",
            }
        )
    )
    found = sorted((d.file[-6:], d.line, d.code) for d in repo.errors)
    assert found == [
        ("a.yaml", 9, "due-before-issued"),  # a new deadline before the directive was issued
        ("a.yaml", 10, "bad-deadline"),  # "thường xuyên" is no date to extend to
        ("a.yaml", 15, "bad-deadline"),  # until before from
        ("a.yaml", 17, "bad-deadline"),  # an unreadable extension of a recurring task
        ("a.yaml", 17, "period-out-of-range"),  # (follows from the broken repeat)
        ("b.yaml", 3, "bad-task-id"),  # '#' would break the reference
    ]


def test_github_annotations_escape_the_file_name():
    from directive_cli.diagnostics import Diagnostic, format_github

    d = Diagnostic("dữ liệu/a,b:c.yaml", "Sai.\nDòng hai", "x", 3, 4)
    assert format_github([d]) == "::error file=dữ liệu/a%2Cb%3Ac.yaml,line=3,col=4::Sai.%0ADòng hai"


def test_directive_files_in_folder_order(tmp_path):
    # Sorted folder by folder (as pathlib sorts), not as strings: "2025/b" before "2025-x/a";
    # every .yaml before every .yml. The order decides which of two equal ids is the duplicate.
    from pathlib import Path

    from directive_cli.loading.load import _directive_files

    names = ["z.yaml", "2025/b.yaml", "2025-x/a.yaml", "2025/c.yml", "a.yml", "2025/sub/d.yaml"]
    for name in [*names, "2025/notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    expected = sorted(tmp_path.rglob("*.yaml")) + sorted(tmp_path.rglob("*.yml"))
    found = _directive_files(tmp_path)
    assert [Path(p) for p, _ in found] == expected
    assert [rel for _, rel in found] == [
        "directives/" + p.relative_to(tmp_path).as_posix() for p in expected
    ]


# The anchor pre-check, stated as the pattern it replaces (faster by str.find, same answers).
_ANCHOR_START = re.compile(r"(?:^|[\s\[\]{},:?])[&*][^\s\]},]", re.M)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="&*ab []{},:?-\n\t\r\u00a0\u2028\x85\x1cK&Cđ", max_size=24))
def test_anchor_precheck_is_the_pattern(text):
    from directive_cli.reading.yamlio import may_have_anchor

    assert may_have_anchor(text) == bool(_ANCHOR_START.search(text))
