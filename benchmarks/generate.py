"""Generate a realistic five-year corpus of directives, in the real data format, for the benchmark.

    python benchmarks/generate.py 2000 /tmp/corpus-2000 [--seed 2025]

The corpus is what a province produces in five years (2021-2025): N directives (2,000 is the
SPEC's figure), about ten tasks each, written the way the seed files are (folded titles and notes,
comments, flow-style updates), in one sub-folder per year. It uses the real default
`data/agencies.yaml` (112 agencies, 4 groups); about one task in six is led by a group, so the
92 communes turn 20,000 tasks into a few hundred thousand assignments. Every deadline form of the
SPEC appears (dates written six ways, months, quarters, halves, years, counted from the signing
date in calendar and working days, recurring with `repeat`, ongoing, urgent, absent) and every kind
of update (done for all or for one agency, progress, extended, cancelled, reopened, per period).

The output is valid (`dtrack --data DIR check` exits 0) and deterministic: the same N and seed
give the same bytes. Nothing here imports dtrack, so the corpus does not depend on the code it
measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AGENCIES_YAML = ROOT / "data" / "agencies.yaml"
FIRST_DAY = dt.date(2021, 1, 4)
LAST_DAY = dt.date(2025, 12, 31)  # no update is dated after this day
TODAY = "2026-01-15"  # the --today the benchmark uses: every directive is issued by then
WIDTH = 96

# -- words ---------------------------------------------------------------------------------------

VERBS = [
    "Tổ chức triển khai thực hiện",
    "Rà soát, đánh giá",
    "Tham mưu UBND tỉnh ban hành kế hoạch về",
    "Xây dựng kế hoạch thực hiện",
    "Hướng dẫn, kiểm tra, đôn đốc",
    "Tổng hợp, báo cáo kết quả",
    "Hoàn thiện hồ sơ, thủ tục về",
    "Kiện toàn tổ chức bộ máy thực hiện",
    "Đẩy mạnh tuyên truyền, phổ biến",
    "Chủ động phối hợp triển khai",
    "Tăng cường công tác quản lý nhà nước về",
    "Đề xuất giải pháp tháo gỡ khó khăn, vướng mắc trong",
    "Thanh tra, kiểm tra việc thực hiện",
    "Sơ kết, tổng kết việc thực hiện",
    "Cập nhật, hoàn thiện cơ sở dữ liệu về",
]
OBJECTS = [
    "công tác cải cách hành chính",
    "chuyển đổi số và xây dựng chính quyền số",
    "giải ngân vốn đầu tư công",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "xây dựng nông thôn mới",
    "quản lý đất đai, tài nguyên và môi trường",
    "thu ngân sách nhà nước",
    "phát triển kinh tế - xã hội",
    "an toàn thực phẩm",
    "phòng, chống dịch bệnh",
    "giảm nghèo bền vững",
    "bảo đảm trật tự an toàn giao thông",
    "giải quyết thủ tục hành chính cho người dân, doanh nghiệp",
    "sắp xếp đơn vị hành chính cấp xã",
    "vận hành mô hình chính quyền địa phương 02 cấp",
    "phân cấp, ủy quyền trong quản lý nhà nước",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "phòng, chống tham nhũng, tiêu cực",
    "phát triển du lịch và bảo tồn di sản văn hóa",
    "chăm sóc sức khỏe nhân dân",
    "đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "quản lý quy hoạch, trật tự xây dựng",
    "bảo vệ và phát triển rừng",
    "thực hiện chính sách đối với người có công",
    "khoa học, công nghệ và đổi mới sáng tạo (KH&CN)",
]
QUALIFIERS = [
    "trên địa bàn tỉnh",
    "theo chức năng, nhiệm vụ được giao",
    "bảo đảm đúng quy định của pháp luật",
    "giai đoạn 2021 - 2025",
    "năm {year}",
    "theo chỉ đạo của Chính phủ, Thủ tướng Chính phủ",
    "gắn với trách nhiệm của người đứng đầu",
    "bảo đảm chất lượng, hiệu quả, không hình thức",
    "theo Nghị quyết của Ban Chấp hành Đảng bộ tỉnh",
    "kịp thời báo cáo UBND tỉnh những khó khăn, vướng mắc vượt thẩm quyền",
]
SIGNERS = [
    ("Chủ tịch", "Trịnh Việt Hùng"),
    ("Phó Chủ tịch", "Nguyễn Huy Dũng"),
    ("Phó Chủ tịch", "Đặng Xuân Trường"),
    ("Phó Chủ tịch", "Phạm Hoàng Sơn"),
    ("Phó Chủ tịch", "Nguyễn Thanh Bình"),
]
# (number suffix, id suffix, kind)
SERIES = [
    ("UBND-NC", "UBND-NC", "cong-van"),
    ("UBND-KT", "UBND-KT", "cong-van"),
    ("UBND-VX", "UBND-VX", "cong-van"),
    ("UBND-TH", "UBND-TH", "cong-van"),
    ("KH-UBND", "KH-UBND", "ke-hoach"),
    ("TB-UBND", "TB-UBND", "thong-bao"),
    ("KL-UBND", "KL-UBND", "ket-luan"),
    ("CT-UBND", "CT-UBND", "chi-thi"),
    ("QĐ-UBND", "QD-UBND", "quyet-dinh"),
]
ROMAN = ("I", "II", "III", "IV")
_INDICATORS = "[]{}&*!|>%@`\"'#,?:-"  # a plain scalar may not start with these


PERIODIC = {
    "month": ["trước ngày 20 hằng tháng", "trước ngày 5 của tháng sau"],
    "quarter": ["trước ngày 15 của tháng cuối quý"],
    "half-year": ["trước ngày 15/6 và 15/12"],
    "year": ["trước ngày 15/12 hằng năm"],
}


def _period_key(every: str, y: int, m: int) -> str:
    if every == "month":
        return f"{y}-{m:02d}"
    if every == "quarter":
        return f"{y}-Q{(m - 1) // 3 + 1}"
    if every == "half-year":
        return f"{y}-H{1 if m <= 6 else 2}"
    return str(y)


def _periodic_due(phrase: str, y: int, m: int) -> dt.date:
    """The due date of the period that starts in month m of year y (as dtrack reads it)."""
    if phrase == "trước ngày 20 hằng tháng":
        return dt.date(y, m, 20)
    if phrase == "trước ngày 5 của tháng sau":
        return dt.date(y + (m == 12), m % 12 + 1, 5)
    if phrase == "trước ngày 15 của tháng cuối quý":
        return dt.date(y, m + 2, 15)
    if phrase == "trước ngày 15/6 và 15/12":
        return dt.date(y, 6 if m <= 6 else 12, 15)
    return dt.date(y, 12, 15)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def vn(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


class Corpus:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        data = yaml.safe_load(AGENCIES_YAML.read_text(encoding="utf-8"))
        self.agencies = [(a["id"], a["kind"]) for a in data["agencies"]]
        self.members: dict[str, list[str]] = {}
        for g in data["groups"]:
            kinds = set(g.get("kinds") or ())
            explicit = g.get("members")
            ids = explicit if explicit else [a for a, k in self.agencies if k in kinds]
            self.members[g["id"]] = ids
        self.provincial = [a for a, k in self.agencies if k in ("so", "nganh", "su-nghiep")]
        self.departments = [a for a, k in self.agencies if k in ("so", "nganh")]
        self.communes = [a for a, k in self.agencies if k in ("xa", "phuong")]

    # -- text --------------------------------------------------------------------------------

    def sentence(self, year: int) -> str:
        r = self.rnd
        qual = r.choice(QUALIFIERS).format(year=year)
        return f"{r.choice(VERBS)} {r.choice(OBJECTS)} {qual}"

    def block(self, key: str, text: str, indent: int) -> list[str]:
        """`key: text`, folded (>-) when it does not fit on one line."""
        pad = " " * indent
        if len(pad) + len(key) + 2 + len(text) <= WIDTH and ": " not in text and "#" not in text:
            value = q(text) if text[0] in _INDICATORS else text
            return [f"{pad}{key}: {value}"]
        body = textwrap.wrap(text, WIDTH - indent - 2)
        return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in body)]

    # -- deadlines ---------------------------------------------------------------------------

    def due_phrase(self, issued: dt.date | None) -> tuple[str | None, dt.date | None]:
        """(phrase or None, the latest day it can mean, for dating the updates)."""
        r = self.rnd
        base = issued or dt.date(2025, 6, 2)
        d = base + dt.timedelta(days=r.randint(10, 240))
        roll = r.random()
        if roll < 0.50:
            form = r.randrange(9)
            text = [
                d.isoformat(),
                f"trước ngày {vn(d)}",
                f"chậm nhất ngày {d.day:02d}/{d.month:02d}/{d.year}",
                f"trước 17h00 ngày {vn(d)}",
                f"ngày {d.day} tháng {d.month} năm {d.year}",
                f"{d.day}.{d.month}.{d.year}",
                f"{d.day}-{d.month}-{d.year}",
                f"hoàn thành trước ngày {vn(d)}",
                f"báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ) trước ngày {vn(d)}",
            ][form]
            return text, d
        if roll < 0.62:
            # a month: its first day must not be before the signing date
            if d.month == base.month and d.year == base.year:
                d = (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            end = (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            text = r.choice(
                [
                    f"trong tháng {d.month}/{d.year}",
                    f"tháng {d.month} năm {d.year}",
                    f"đầu tháng {d.month}/{d.year}",
                    f"giữa tháng {d.month}/{d.year}",
                    f"cuối tháng {d.month}/{d.year}",
                ]
            )
            return text, end
        if roll < 0.68:
            qn = (d.month - 1) // 3 + 1
            text = r.choice(
                [
                    f"trong quý {ROMAN[qn - 1]}/{d.year}",
                    f"quý {qn}/{d.year}",
                    f"quý {ROMAN[qn - 1]} năm {d.year}",
                ]
            )
            end = dt.date(d.year, qn * 3, 1) + dt.timedelta(days=31)
            return text, end
        if roll < 0.71:
            if d.month <= 6:
                return f"6 tháng đầu năm {d.year}", dt.date(d.year, 6, 30)
            return f"6 tháng cuối năm {d.year}", dt.date(d.year, 12, 31)
        if roll < 0.74:
            return r.choice(["trong năm", "năm", "cuối năm"]) + f" {d.year}", dt.date(
                d.year, 12, 31
            )
        if roll < 0.84 and issued is not None:
            n = r.choice([5, 7, 10, 15, 20, 30, 45, 60])
            text = r.choice(
                [
                    f"trong {n} ngày kể từ ngày ký",
                    f"trong vòng {n} ngày kể từ ngày ban hành",
                    f"trong {n} ngày làm việc kể từ ngày ký",
                    f"trong thời hạn {n} ngày kể từ ngày ký văn bản này",
                ]
            )
            return text, issued + dt.timedelta(days=2 * n + 14)
        if roll < 0.90:
            return r.choice(["thường xuyên", "hằng ngày"]), None
        if roll < 0.96:
            return r.choice(["khẩn trương", "kịp thời", "ngay", "khẩn trương, kịp thời"]), None
        return None, None

    # -- leads -------------------------------------------------------------------------------

    def leads(self) -> tuple[list[str], list[tuple[str, str]] | None, list[str]]:
        """(lead ids as written, detail items or None, the agencies they expand to)."""
        r = self.rnd
        roll = r.random()
        if roll < 0.45:
            a = r.choice(self.provincial)
            return [a], None, [a]
        if roll < 0.60:
            ids = r.sample(self.provincial, r.randint(2, 4))
            return ids, None, ids
        if roll < 0.70:
            return ["so-ban-nganh"], None, self.members["so-ban-nganh"]
        if roll < 0.79:
            return ["xa-phuong"], None, self.members["xa-phuong"]
        if roll < 0.80:
            # Once the group of another province's directive (seed 004, now in examples/);
            # the same members, so the corpus stays the same.
            return ["xa-phuong"], None, self.members["xa-phuong"]
        if roll < 0.82:
            groups = r.choice(
                [["so-ban-nganh", "xa-phuong"], ["so-ban-nganh", "don-vi-su-nghiep", "xa-phuong"]]
            )
            expanded = list(dict.fromkeys(a for g in groups for a in self.members[g]))
            return groups, None, expanded
        if roll < 0.86:
            return ["don-vi-su-nghiep"], None, self.members["don-vi-su-nghiep"]
        if roll < 0.94:
            ids = r.sample(self.communes, r.randint(1, 6))
            return ids, None, ids
        ids = r.sample(self.departments, r.randint(3, 10))
        items = [(a, self.sentence(2025)) for a in ids]
        return ids, items, ids

    # -- updates -----------------------------------------------------------------------------

    def ref(self, agency: str | None, d: dt.date) -> str:
        code = "UBND" if agency is None or agency.startswith(("xa-", "phuong-")) else agency
        return f"Báo cáo số {self.rnd.randint(1, 999)}/BC-{code.upper()} ngày {vn(d)}"

    def day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.rnd.randint(0, (hi - lo).days))

    def updates(
        self, issued: dt.date, due: dt.date | None, shares: list[str], single: bool
    ) -> list[dict]:
        """What was recorded for a task: most old work is done, some is late, a little is not."""
        r = self.rnd
        out: list[dict] = []
        if issued > LAST_DAY:
            return out
        target = due or (issued + dt.timedelta(days=r.randint(20, 200)))

        def near(days_before: int, days_after: int) -> dt.date:
            lo = max(issued, target - dt.timedelta(days=days_before))
            day = self.day_between(lo, target + dt.timedelta(days=days_after))
            return min(day, LAST_DAY)

        if r.random() < 0.15:
            out.append(
                {"date": near(60, 0), "kind": "progress", "ref": self.ref(None, target)}
                | {
                    "note": "Đang triển khai, đạt khoảng "
                    + str(r.randint(2, 9) * 10)
                    + "% khối lượng"
                }
            )
        if r.random() < 0.1 and due is not None:
            new_due = due + dt.timedelta(days=r.choice([15, 30, 45, 60]))
            on = self.day_between(issued, min(due, LAST_DAY))
            out.append(
                {
                    "date": on,
                    "kind": "extended",
                    "due": r.choice([new_due.isoformat(), f"trước ngày {vn(new_due)}"]),
                    "ref": f"Công văn số {r.randint(100, 4999)}/UBND-NC ngày {vn(on)}",
                }
            )
            target = new_due
        # The office follows up: what fell due more than nine months ago is nearly all closed,
        # so what is still open is mostly recent, as in a real register.
        old = (LAST_DAY - target).days > 270
        fate = r.random()
        if len(shares) <= 6:
            for a in shares:
                if fate < (0.005 if old else 0.05):
                    break  # nothing recorded yet
                if r.random() < (0.995 if old else 0.9):
                    on = near(30, 25)
                    u = {"date": on, "kind": "done"}
                    if not single:
                        u["agency"] = a
                    u["ref"] = self.ref(a, on)
                    out.append(u)
            if fate > 0.97:
                on = near(10, 40)
                out.append({"date": on, "kind": "cancelled", "ref": f"Thông báo ngày {vn(on)}"})
        elif fate < 0.80:
            # the Sở Nội vụ's synthesis report closes it for everyone, a few lag behind
            on = near(20, 20)
            out.append({"date": on, "kind": "done", "ref": self.ref("snv", on)})
            for a in r.sample(shares, r.randint(0, min(6, len(shares)))):
                later = self.day_between(on, min(on + dt.timedelta(days=40), LAST_DAY))
                if r.random() < 0.5:
                    out.append({"date": later, "kind": "reopened", "agency": a})
                    if old or r.random() < 0.5:
                        last = min(later + dt.timedelta(days=30), LAST_DAY)
                        end = self.day_between(later, last)
                        out.append(
                            {"date": end, "kind": "done", "agency": a, "ref": self.ref(a, end)}
                        )
                else:
                    out.append({"date": later, "kind": "progress", "agency": a})
        elif fate < 0.97 or old:
            # each agency's own report, recorded one by one
            for a in shares:
                if r.random() < (0.995 if old else 0.85):
                    on = near(30, 30)
                    out.append({"date": on, "kind": "done", "agency": a, "ref": self.ref(a, on)})
        out.sort(key=lambda u: u["date"])
        return out

    def periodic_updates(
        self, issued: dt.date, every: str, periods: list[tuple[str, dt.date]], shares: list[str]
    ) -> list[dict]:
        r = self.rnd
        out: list[dict] = []
        # One report per agency for a few leads; a group's reports come in one synthesis.
        who: list[str | None] = [None] if len(shares) == 1 or len(shares) > 6 else list(shares)
        for key, due in periods:
            if due > LAST_DAY:
                break
            if r.random() < 0.05:
                on = self.day_between(issued, min(due, LAST_DAY))
                # A period that fell due before the signing is extended from the signing day.
                new_due = max(due, on) + dt.timedelta(days=10)
                out.append(
                    {"date": on, "kind": "extended", "period": key, "due": new_due.isoformat()}
                )
            old = (LAST_DAY - due).days > 270
            for a in who:
                if r.random() < (0.995 if old else 0.9):
                    on = min(self.day_between(due - dt.timedelta(days=12), due), LAST_DAY)
                    on = max(on, issued)
                    u = {"date": on, "kind": "done"}
                    if a is not None:
                        u["agency"] = a
                    u["period"] = key
                    u["ref"] = self.ref(a or shares[0], on)
                    out.append(u)
        out.sort(key=lambda u: u["date"])
        return out

    # -- one directive -----------------------------------------------------------------------

    def recurring(self, issued: dt.date) -> tuple[str, str, str, str | None, list]:
        """(due phrase, every, from, until, [(period key, due date)])."""
        r = self.rnd
        every = r.choice(["month", "month", "quarter", "half-year", "year"])
        phrase = r.choice(PERIODIC[every])
        size = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}[every]
        count = r.randint(
            *{"month": (6, 24), "quarter": (4, 8), "half-year": (2, 6)}.get(every, (2, 5))
        )
        bounded = r.random() < 0.85  # else open-ended, reported on to the end of the corpus
        first = issued.year * 12 + (issued.month - 1) // size * size  # the signing period
        keys: list[tuple[str, dt.date]] = []
        while True:
            y, m = divmod(first + len(keys) * size, 12)
            m += 1  # the period's first month
            due = _periodic_due(phrase, y, m)
            if (len(keys) >= count) if bounded else (keys and due > LAST_DAY):
                break
            keys.append((_period_key(every, y, m), due))
        return phrase, every, keys[0][0], keys[-1][0] if bounded else None, keys

    def directive(self, ident: str, number: str | None, kind: str, issued: dt.date | None) -> str:
        r = self.rnd
        year = (issued or LAST_DAY).year
        title, signer = r.choice(SIGNERS)
        first = self.sentence(year)
        subject = first[0].lower() + first[1:]
        lines = [
            f"# {'Dự thảo' if number is None else 'Văn bản số ' + number} "
            f"của UBND tỉnh: {subject[:60]}.",
            "# Nhập từ bản ký số; các nhiệm vụ đánh số theo mục của văn bản.",
        ]
        if number is not None:
            lines.append(f"number: {number}")
        lines.append(f"kind: {kind}")
        if issued is not None:
            lines.append(f"issued: {issued.isoformat()}")
            lines.append(f"signer: {signer}")
        lines.append(f"signer_title: {title}")
        lines += self.block("subject", subject, 0)
        recipients = r.choice(
            [["so-ban-nganh", "xa-phuong"], ["so-ban-nganh"], ["so-ban-nganh", "don-vi-su-nghiep"]]
        )
        lines.append(f"recipients: [{', '.join(recipients)}]")
        lines.append("tasks:")
        n_tasks = r.randint(2, 18)
        section, item = 1, 0
        for _ in range(n_tasks):
            if item and r.random() < 0.3:
                section, item = section + 1, 0
                lines.append("")
                lines.append(f"  # {section}. {r.choice(OBJECTS).capitalize()}")
            item += 1
            lines += self.task(f"{section}.{item}", issued, year)
        return "\n".join(lines) + "\n"

    def task(self, task_id: str, issued: dt.date | None, year: int) -> list[str]:
        r = self.rnd
        recurring = issued is not None and r.random() < 0.05
        ids, details, shares = self.leads()
        if recurring and len(shares) > 1 and r.random() < 0.6:
            ids = shares = [r.choice(self.provincial)]  # most periodic reports are one body's
            details = None
        out = [f'  - id: "{task_id}"']
        title = "; ".join(self.sentence(year) for _ in range(r.choice([1, 1, 2])))
        out += self.block("title", title, 4)
        if details is None:
            out.append(f"    lead: {ids[0]}" if len(ids) == 1 else f"    lead: [{', '.join(ids)}]")
        else:
            out.append("    lead:")
            for a, detail in details:
                out.append(f"      - agency: {a}")
                out.append(f"        detail: {q(detail)}")
        if r.random() < 0.3:
            # a lead is never its own supporting body (check warns): the same draws, fewer names
            support = [a for a in r.sample(self.provincial, r.randint(1, 3)) if a not in ids]
            if support:
                out.append(f"    support: [{', '.join(support)}]")
        updates: list[dict] = []
        if recurring:
            phrase, every, start, until, keys = self.recurring(issued)
            out.append(f"    due: {phrase}")
            rep = f"every: {every}, from: {q(start)}" + (f", until: {q(until)}" if until else "")
            out.append(f"    repeat: {{{rep}}}")
            updates = self.periodic_updates(issued, every, keys, shares)
        else:
            phrase, latest = self.due_phrase(issued)
            if phrase is not None:
                out.append(f"    due: {phrase}")
            if issued is not None:
                updates = self.updates(issued, latest, shares, single=len(shares) == 1)
        if r.random() < 0.3:
            out.append(
                f"    report_to: {r.choice(['Chủ tịch UBND tỉnh', 'Sở Nội vụ', 'Sở Tài chính'])}"
            )
        out.append(f"    source: Mục {task_id.split('.')[0]}")
        if r.random() < 0.6:
            note = ". ".join(self.sentence(year) for _ in range(r.randint(2, 6))) + "."
            out += self.block("note", note, 4)
        if updates:
            out.append("    updates:")
            for u in updates:
                fields = []
                for k, v in u.items():
                    if isinstance(v, dt.date):
                        v = v.isoformat()
                    elif k in ("ref", "note", "period"):
                        v = q(v)
                    fields.append(f"{k}: {v}")
                out.append(f"      - {{{', '.join(fields)}}}")
        return out


def generate(out: Path, n: int, seed: int = 2025) -> dict[str, int]:
    """Write N directives and the default agencies.yaml under `out` (replaced if it exists)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "directives").mkdir(parents=True)
    shutil.copyfile(AGENCIES_YAML, out / "agencies.yaml")
    c = Corpus(seed)
    span = (LAST_DAY - FIRST_DAY).days
    counters: dict[int, int] = {}
    files = size = 0
    for i in range(n):
        day = FIRST_DAY + dt.timedelta(days=span * i // n)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        year = day.year
        if c.rnd.random() < 0.01:
            ident, number, kind, issued = f"{year}-KH-du-thao-{i:04d}", None, "ke-hoach", None
        else:
            counters[year] = counters.get(year, 0) + c.rnd.randint(1, 4)
            suffix, id_suffix, kind = c.rnd.choice(SERIES)
            number = f"{counters[year]}/{suffix}"
            ident, issued = f"{year}-{counters[year]}-{id_suffix}", day
        text = c.directive(ident, number, kind, issued)
        path = out / "directives" / str(year) / f"{ident}.yaml"
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files += 1
        size += len(data)
    return {"files": files, "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of directives (2,000 = five years)")
    parser.add_argument("out", type=Path, help="output data folder (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    stats = generate(args.out, args.n, args.seed)
    print(f"{stats['files']} văn bản, {stats['bytes'] / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
