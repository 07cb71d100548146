"""How well `dtrack import` reads real directives, against hand transcriptions.

    python benchmarks/import_quality.py            # every case, figures per case and in total
    python benchmarks/import_quality.py -v         # and every task that differs

Cases: the three seeds (tests/importing/texts/seed-*.txt against data/directives/) and every
folder of tests/importing/corpus/ (a real directive's text `text.txt`, with `text.docx` and
`text.pdf` made from it, its hand transcription `expected.yaml`, and `SOURCE.md`: where it was
published); each file is a case of its own. Three figures:

- found: transcribed tasks that the import found (matched one to one by their words);
- right: transcribed tasks found with the same lead agencies (groups expanded to members) and
  the same due date (none = none);
- invented: imported tasks that match no transcribed task.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from directive_cli.deadlines import DeadlineError, parse_deadline  # noqa: E402
from directive_cli.importing import draft  # noqa: E402
from directive_cli.loading.load import load  # noqa: E402

TEXTS = ROOT / "tests" / "importing" / "texts"
CORPUS = ROOT / "tests" / "importing" / "corpus"
SEEDS = [
    ("seed-001", TEXTS / "seed-001.txt", ROOT / "data/directives/2025-1958-UBND-NC.yaml"),
    ("seed-002", TEXTS / "seed-002.txt", ROOT / "data/directives/2026-KH-so-ket-01-nam.yaml"),
    # Seed 004 names no province: its transcription lives with its own agencies (issue 17).
    (
        "seed-004",
        TEXTS / "seed-004.txt",
        ROOT / "examples/tinh-chua-ro-ten/directives/2025-CV-trien-khai-NQ-268.yaml",
    ),
]


FILES = ROOT / "tests" / "importing" / "files"


def cases() -> list[tuple[str, Path, Path]]:
    out = list(SEEDS)
    for name, _, expected in SEEDS:  # the same texts as Word and PDF files (LibreOffice)
        out += [(f"{name}.{ext}", FILES / f"{name}.{ext}", expected) for ext in ("docx", "pdf")]
    if CORPUS.is_dir():
        for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            if not (folder / "expected.yaml").is_file():
                continue
            for ext in ("txt", "docx", "pdf"):  # the text first, then the files made from it
                text = folder / f"text.{ext}"
                if text.is_file():
                    name = folder.name if ext == "txt" else f"{folder.name}.{ext}"
                    out.append((name, text, folder / "expected.yaml"))
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"[^\W_]+", s.lower())


def _bigrams(s: str) -> set[tuple[str, str]]:
    w = _words(s)
    return set(pairwise(w))


@dataclass
class Result:
    name: str
    expected: int
    found: int
    right: int
    invented: int
    seconds: float
    notes: list[str]


def _leads(value, expand) -> frozenset[str]:
    items = value if isinstance(value, list) else [value]
    out: set[str] = set()
    for it in items:
        ident = it["agency"] if isinstance(it, dict) else it
        out |= set(expand(ident)) or {ident}
    return frozenset(out)


def _due(value, issued) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_deadline(str(value), issued).due
    except DeadlineError:
        return None


def measure(name: str, text: Path, expected: Path, repo) -> Result:
    data = text.read_bytes()
    started = time.perf_counter()
    d = draft.build(
        text.name,
        data,
        repo.agencies.values(),
        repo.groups.values(),
        repo.issuer,
        calendar=repo.calendar,
    )
    seconds = time.perf_counter() - started
    exp = yaml.safe_load(expected.read_text("utf-8"))
    issued = exp.get("issued")
    want = exp.get("tasks") or []
    # Match one to one, best first: the share of a transcribed task's word pairs (title and
    # note) found in the imported task's text, plus a bonus for the same id.
    pairs = []
    for i, w in enumerate(want):
        wb = _bigrams(f"{w.get('title', '')} {w.get('note', '')}")
        tb = _bigrams(w.get("title", ""))
        for j, t in enumerate(d.tasks):
            got = _bigrams(t.text)
            score = 0.5 * len(wb & got) / max(1, len(wb)) + 0.5 * len(tb & got) / max(1, len(tb))
            if str(w.get("id")) == t.id:
                score += 0.25  # the same section.item number: little shared wording is enough
            pairs.append((score, i, j))
    pairs.sort(reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if score < 0.35 or i in match or j in used:
            continue
        match[i] = j
        used.add(j)
    notes: list[str] = []
    right = 0
    for i, w in enumerate(want):
        if i not in match:
            notes.append(f"  thiếu   {w.get('id')}: {w.get('title', '')[:70]}")
            continue
        t = d.tasks[match[i]]
        lead_want = _leads(w.get("lead"), repo.expand)
        lead_got = frozenset(
            m for x in t.lead for m in (repo.expand(x.ref.id) if x.ref.id else ()) or [x.ref.name]
        )
        due_want = _due(w.get("due"), issued)
        ok_lead = lead_want == lead_got
        ok_due = due_want == t.due.due
        if ok_lead and ok_due:
            right += 1
        else:
            why = []
            if not ok_lead:
                why.append(f"lead {sorted(lead_want)[:4]} != {sorted(lead_got)[:4]}")
            if not ok_due:
                why.append(f"due {due_want} != {t.due.due}")
            notes.append(f"  sai     {w.get('id')} ~ {t.id}: {'; '.join(why)}")
    invented = [t for j, t in enumerate(d.tasks) if j not in used]
    for t in invented:
        notes.append(f"  thừa    {t.id}: {t.title[:70]}")
    return Result(name, len(want), len(match), right, len(invented), seconds, notes)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def twenty_pages(repo) -> None:
    """A kế hoạch of about 20 pages: seed 002 with its sections (and their tasks) six times
    over, one annex, as text and (with LibreOffice at hand) as PDF; `dtrack import` timed whole."""
    import shutil
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT / "tests" / "importing"))
    from make_files import to_html

    seed = (TEXTS / "seed-002.txt").read_text("utf-8")
    head, body = seed.split("### **I. MỤC ĐÍCH", 1)
    sections, tail = body.split("Trên đây là", 1)
    parts = []
    for k in range(6):  # the copies after the first number their sections VI-X, XI-XV, …
        part = "### **I. MỤC ĐÍCH" + sections
        for i in range(5, 0, -1):
            part = re.sub(rf"(?m)^(#+ \**){_roman(i)}\. ", rf"\g<1>{_roman(5 * k + i)}. ", part)
        parts.append(part)
    text = head + "\n".join(parts) + "Trên đây là" + tail
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "ke-hoach-20-trang.txt"
        txt.write_text(text, "utf-8")
        files = [txt]
        if shutil.which("soffice"):
            page = Path(tmp) / "ke-hoach-20-trang.html"
            page.write_text(to_html(text), "utf-8")
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(page)],
                check=True, capture_output=True,
            )  # fmt: skip
            files.append(Path(tmp) / "ke-hoach-20-trang.pdf")
        for f in files:
            pages = ""
            if f.suffix == ".pdf":
                from pypdf import PdfReader

                pages = f", {len(PdfReader(f).pages)} trang"
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", "from directive_cli.cli import main; main()",
                 "--data", str(ROOT / "data"), "import", str(f), "--format", "json"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            wall = time.perf_counter() - started
            import json

            n = len(json.loads(done.stdout)["tasks"])
            print(
                f"dtrack import {f.name} ({len(text):,} ký tự{pages}): {n} nhiệm vụ, {wall:.2f} s"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every task that differs")
    ap.add_argument("--time", action="store_true", help="also time a 20-page kế hoạch")
    args = ap.parse_args()
    repos: dict[Path, object] = {}

    def repo_for(expected: Path):
        """The data folder a transcription belongs to: its own when it sits in one (an
        example's directives/ beside its agencies.yaml), else the default data."""
        folder = expected.parent.parent
        if not (expected.parent.name == "directives" and (folder / "agencies.yaml").is_file()):
            folder = ROOT / "data"
        if folder not in repos:
            repos[folder] = load(folder)
        return repos[folder]

    results = [measure(n, t, e, repo_for(e)) for n, t, e in cases()]
    print(f"{'văn bản':<34} {'NV':>4} {'tìm':>5} {'đúng':>5} {'thừa':>5} {'giây':>6}")

    def row(label, exp, found, right, inv, secs):
        pf = f"{100 * found / exp:>4.0f}%" if exp else "    —"  # nothing to find: only "thừa"
        pr = f"{100 * right / exp:>4.0f}%" if exp else "    —"
        print(f"{label:<34} {exp:>4} {pf} {pr} {inv:>5} {secs:>6.2f}")

    groups = [
        (
            f"hạt giống, {ext}",
            [r for r in results if r.name.startswith("seed-") and r.name.endswith(end)],
        )
        for ext, end in (("văn bản", "-00" if False else ""), ("docx", ".docx"), ("pdf", ".pdf"))
    ]
    groups[0] = ("hạt giống, văn bản", [r for r in results if re.fullmatch(r"seed-\d+", r.name)])
    real = [r for r in results if not r.name.startswith("seed-")]
    groups += [
        ("văn bản thật khác, văn bản", [r for r in real if "." not in r.name]),
        ("văn bản thật khác, docx", [r for r in real if r.name.endswith(".docx")]),
        ("văn bản thật khác, pdf", [r for r in real if r.name.endswith(".pdf")]),
    ]
    for label, rs in groups:
        if not rs:
            continue
        for r in rs:
            row(r.name, r.expected, r.found, r.right, r.invented, r.seconds)
            if args.verbose:
                for n in r.notes:
                    print(n)
        row(
            f"= {label} ({len(rs)})",
            sum(r.expected for r in rs),
            sum(r.found for r in rs),
            sum(r.right for r in rs),
            sum(r.invented for r in rs),
            sum(r.seconds for r in rs),
        )
    print("NV: nhiệm vụ trong bản chép tay; tìm: tỷ lệ tìm thấy; đúng: tỷ lệ đúng cơ quan chủ trì")
    print("và thời hạn; thừa: nhiệm vụ nhập ra mà bản chép tay không có.")
    if args.time:
        twenty_pages(repo_for(ROOT / "data" / "directives" / "x.yaml"))


if __name__ == "__main__":
    main()
