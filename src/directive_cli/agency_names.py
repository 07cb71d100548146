"""Agency names as directives write them -> ids of agencies.yaml, never by guesswork.

A name resolves when it is written as in agencies.yaml or in one of the usual short forms: the
exact name (any case; "UBND" for "Ủy ban nhân dân"; old and new tone placement), the Sở by its
initials ("Sở KH&CN", "Sở VHTTDL"), the province named as "tỉnh" ("Báo và Phát thanh, truyền
hình tỉnh"), a commune as "UBND xã X", and the groups by what their kinds mean ("các sở, ban,
ngành", "UBND các xã, phường"). Anything else that looks like the name of a body is kept as
written with `id` None, for the clerk to settle: there is no nearest-match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import permutations

# Targets that are not an id of agencies.yaml.
ADDRESSEES = "@addressees"  # "các cơ quan, đơn vị, địa phương": the directive's addressees
INDEFINITE = "@indefinite"  # "… có liên quan": no definite set of agencies
ISSUER = "@issuer"  # "UBND tỉnh", "cấp tỉnh": the issuing body itself

_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_TONE_RE = re.compile("|".join(_TONES))


def fold(text: str) -> str:
    """Lower case, one tone placement ("hoá" = "hóa", "Uỷ" = "Ủy"); same length as `text`, so
    that a match in the folded text is a slice of the original."""
    s = text.lower().replace("ð", "đ")
    return _TONE_RE.sub(lambda m: _TONES[m.group(0)], s)


@dataclass(frozen=True)
class Ref:
    id: str | None  # an agency or group id, a special target above, or None (unresolved)
    name: str  # as written
    note: str | None = None  # "(là đầu mối)", "(theo danh sách gửi kèm theo)"


@dataclass(frozen=True)
class _Alias:
    text: str  # folded
    target: str
    proper: bool  # a proper name: must start with a capital in the text


# Words that end an unknown name: verbs and prepositions that follow the subject.
_STOP = frozenset(
    """chủ phối tiếp tập tham thực triển khẩn theo căn có trong tổ rà nghiên xây hướng bảo đảm
    đẩy tăng chịu cung đôn về để với tại của cho là được sau khi nắm đề kịp chỉ quán phổ làm
    giải xử kiểm thường báo trình gửi chuẩn lập ưu nâng đánh hoàn phát duy thúc quản lãnh
    nghiêm ký cùng và hoặc trên dưới nhằm đối từ đến nếu mà phải cần""".split()  # noqa: SIM905
)
_HEADS = (
    "sở|bộ|ban|cục|chi cục|trung tâm|văn phòng|công an|thanh tra|ủy ban|ubnd|báo|đài|kho bạc|"
    "ngân hàng|hội|liên đoàn|tỉnh đoàn|bảo hiểm|viện|trường|bệnh viện|tòa án|công ty|"
    "tổng công ty|chính phủ|thủ tướng|đảng ủy|tỉnh ủy|hđnd|hội đồng nhân dân|mặt trận|"
    "ủy ban mặt trận|bộ chỉ huy|đoàn|cơ quan"
)
_UNKNOWN = re.compile(rf"(?:{_HEADS})(?![\w])")
_TITLE_WORDS = re.compile(
    r"(?:thủ trưởng|chủ tịch|giám đốc|người đứng đầu|lãnh đạo|trưởng ban|chánh văn phòng)\s+"
)
_SEP = re.compile(r"\s*(?:,|;|\bvà\b|\bcùng\b)\s*")
_PAREN = re.compile(r"\s*\(([^()]{1,80})\)")
# "các Sở: Tư pháp, Tài chính", "các Bộ: Công an, Xây dựng": the head word before each name.
_HEAD_LIST = re.compile(r"(?:các\s+)?(sở|bộ)\s*:\s*")
# "các cơ quan, đơn vị của Trung ương": a generic set narrowed by whose it is, not a set of
# agencies that agencies.yaml can name.
_OWNER = re.compile(r"\s+của\s+[A-ZĐ][\wđ]*(?:\s+[\wđ]+){0,4}?(?=\s*[,;.:]|$)")

_UBND = r"(?:ubnd|ủy\s+ban\s+nhân\s+dân)"


def _pattern(alias: str) -> str:
    out = []
    for tok in re.split(r"(\s+|,|&|ubnd|ủy ban nhân dân)", alias):
        if not tok:
            continue
        if tok.isspace():
            out.append(r"\s+")
        elif tok == ",":
            out.append(r"\s*,\s*")
        elif tok == "&":
            out.append(r"\s*&\s*")
        elif tok in ("ubnd", "ủy ban nhân dân"):
            out.append(_UBND)
        else:
            out.append(re.escape(tok))
    return "".join(out).replace(r"\s+\s*,", r"\s*,")


def _initials(words: str) -> str:
    return "".join(w[0] for w in words.split() if w[0].isalpha())


def _so_acronyms(folded_name: str) -> list[str]:
    """ "sở khoa học và công nghệ" -> "sở kh&cn", "sở khcn"; "sở văn hóa, thể thao và du lịch"
    -> "sở vhttdl", "sở vhtt&dl"."""
    rest = folded_name[len("sở ") :].replace(",", " ")
    parts = [p for p in re.split(r"\s+và\s+", rest) if p.strip()]
    if not parts:
        return []
    joined = "".join(_initials(p) for p in parts)
    out = {"sở " + joined}
    if len(parts) > 1:
        out.add("sở " + "&".join(_initials(p) for p in parts))
    return [a for a in out if len(a) > len("sở ") + 1]


# The usual ways of naming a group, by the kinds of its members.
_GROUP_FORMS: dict[frozenset[str], list[str]] = {
    frozenset({"so", "nganh"}): [
        "các sở, ban, ngành", "các sở, ban, ngành tỉnh", "các sở, ban, ngành cấp tỉnh",
        "các sở, ban, ngành thuộc ubnd tỉnh", "các sở, ban, ngành thuộc tỉnh",
        "các sở, ban, ngành, đoàn thể",
        "các sở, ban, ngành, cơ quan, đơn vị", "các sở, ban, ngành, cơ quan, đơn vị cấp tỉnh",
        "các sở, ban, ngành, cơ quan, đơn vị thuộc tỉnh", "các sở, ngành", "các sở, ngành tỉnh",
        "các sở ngành", "các sở, ban ngành", "sở, ban, ngành", "các sở, ngành, đơn vị cấp tỉnh",
        "các cơ quan chuyên môn thuộc ubnd tỉnh", "các sở", "sở, ngành",
    ],
    frozenset({"su-nghiep"}): [
        "các đơn vị sự nghiệp thuộc ubnd tỉnh", "đơn vị sự nghiệp thuộc ubnd tỉnh",
        "các đơn vị sự nghiệp thuộc tỉnh", "đơn vị sự nghiệp thuộc tỉnh",
        "các đơn vị sự nghiệp công lập thuộc ubnd tỉnh", "các đơn vị sự nghiệp",
        "đơn vị sự nghiệp", "các đơn vị sự nghiệp công lập thuộc tỉnh",
    ],
    frozenset({"xa", "phuong"}): [
        "ubnd các xã, phường", "ubnd xã, phường", "các xã, phường", "ubnd cấp xã",
        "chính quyền cấp xã", "cấp xã", "các ubnd các xã, phường", "các địa phương",
        "địa phương", "ubnd các phường, xã", "các phường, xã",
    ],
    frozenset({"xa", "phuong", "dac-khu"}): [
        "ubnd các xã, phường, đặc khu", "ubnd xã, phường, đặc khu", "các xã, phường, đặc khu",
    ],
}  # fmt: skip
_INDEFINITE_FORMS = [
    "các sở, ban, ngành có liên quan", "các sở, ban, ngành liên quan", "các sở ngành có liên quan",
    "các sở, ngành có liên quan", "các sở, ngành liên quan", "các sở ngành liên quan",
    "các cơ quan truyền thông của tỉnh", "các bộ, ngành", "các bộ, ngành trung ương",
    "các cơ quan có liên quan", "các đơn vị có liên quan", "các địa phương có liên quan",
    "các cơ quan liên quan", "các đơn vị liên quan", "các tổ chức, cá nhân có liên quan",
    "các cơ quan, tổ chức có liên quan", "các cơ quan, tổ chức liên quan",
]  # fmt: skip


def _addressee_forms() -> tuple[list[str], list[str]]:
    """ "các cơ quan, đơn vị, địa phương" in any order: the addressees; "… (có) liên quan":
    no definite set."""
    definite, indefinite = [], []
    words = ["cơ quan", "đơn vị", "địa phương", "tổ chức"]
    for n in (2, 3):
        for combo in permutations(words, n):
            base = "các " + ", ".join(combo)
            definite.append(base)
            indefinite += [base + " có liên quan", base + " liên quan"]
    return definite, indefinite


class Resolver:
    def __init__(self, agencies: Iterable, groups: Iterable, issuer=None) -> None:
        self.names: dict[str, str] = {}
        self.members: dict[str, tuple[str, ...]] = {}  # group -> agency ids, official order
        agencies = list(agencies)
        aliases: list[_Alias] = []
        place = fold(issuer.place) if issuer is not None and issuer.place else None
        for a in agencies:
            self.names[a.id] = a.name
            name = fold(a.name)
            forms = {name}
            if a.addressee:
                forms.add(fold(a.addressee))
            if place and name.endswith(" " + place):
                forms.add(name[: -len(place)] + "tỉnh")
            if name.startswith("sở "):
                forms.update(_so_acronyms(name))
            if a.kind in ("xa", "phuong", "dac-khu"):
                forms.add("ubnd " + name)
            aliases += [_Alias(f, a.id, True) for f in forms]
        group_list = list(groups)
        for g in group_list:
            self.names[g.id] = g.name
            if g.members:
                self.members[g.id] = tuple(m for m in g.members if m in self.names)
            else:
                kinds = set(g.kinds or ())
                self.members[g.id] = tuple(a.id for a in agencies if a.kind in kinds)
            aliases.append(_Alias(fold(g.name), g.id, False))
        taken: set[frozenset] = set()
        for g in group_list:
            kinds = frozenset(g.kinds or ())
            for key, forms in _GROUP_FORMS.items():
                if kinds == key and key not in taken:
                    taken.add(key)
                    aliases += [_Alias(f, g.id, False) for f in forms]
        definite, indefinite = _addressee_forms()
        aliases += [_Alias(f, ADDRESSEES, False) for f in definite]
        aliases += [_Alias(f, INDEFINITE, False) for f in indefinite + _INDEFINITE_FORMS]
        issuer_forms = {"ubnd tỉnh", "chủ tịch ubnd tỉnh", "cấp tỉnh", "ubnd cấp tỉnh"}
        if issuer is not None:
            issuer_forms |= {
                fold(issuer.name),
                fold(issuer.short),
                "chủ tịch " + fold(issuer.short),
            }
        aliases += [_Alias(f, ISSUER, False) for f in issuer_forms]
        seen: dict[str, _Alias] = {}
        for al in aliases:  # the first wins: an agency's own name before a group's form
            seen.setdefault(al.text, al)
        self._aliases = sorted(seen.values(), key=lambda al: -len(al.text))
        self._regex = re.compile(
            "(?:" + "|".join(f"({_pattern(al.text)})" for al in self._aliases) + r")(?![\w])"
        )
        self._exact = {al.text: al for al in self._aliases}
        # Room enough for any alias where a name is matched inside a window of the text, not
        # against all the rest of it (a paragraph may be long: that was quadratic).
        self._window = 4 * max((len(al.text) for al in self._aliases), default=0) + 64
        self._last_fold: tuple[str, str] = ("", "")

    # -- one name ---------------------------------------------------------------------------

    def resolve(self, name: str) -> Ref:
        """A whole name (an annex cell): resolved, or kept as written with id None."""
        written = re.sub(r"\s+", " ", name).strip().strip(".;:")
        m = self._match(fold(written), 0, written)
        if m is not None and m[1] == len(written):
            return Ref(m[0].target, written)
        return Ref(None, written)

    def _match(self, folded: str, pos: int, original: str) -> tuple[_Alias, int] | None:
        m = self._regex.match(folded, pos)
        if m is None:
            return None
        alias = self._aliases[m.lastindex - 1]
        if alias.proper and not original[pos].isupper():
            return None
        return alias, m.end()

    # -- a list of names in running text ----------------------------------------------------

    def scan(self, text: str, pos: int = 0) -> tuple[list[Ref], int]:
        """The agencies named from `pos` on ("Sở Tài chính, UBND các xã, phường …"), and where
        the list ends. Titles ("Thủ trưởng", "Chủ tịch") and separators are skipped."""
        # One paragraph is scanned at each of its sentences: folded once, not at every scan.
        if self._last_fold[0] is not text:
            self._last_fold = (text, fold(text))
        folded = self._last_fold[1]
        refs: list[Ref] = []
        end = pos
        while pos < len(text):
            m = _SEP.match(folded, pos)
            if m and refs:
                pos = m.end()
            so = _HEAD_LIST.match(folded, pos)
            if so is not None:
                got, p2 = self._head_list(text, folded, so.end(), so.group(1))
                if got:
                    refs += got
                    pos = end = p2
                    continue
            t = _TITLE_WORDS.match(folded, pos)
            hit = self._match(folded, pos, text)
            if hit is None and t is not None:
                pos = t.end()
                hit = self._match(folded, pos, text)
            if hit is None:
                unknown = self._unknown(text, folded, pos)
                if unknown is None:
                    break
                refs.append(Ref(None, text[pos:unknown].strip()))
                pos = end = unknown
            else:
                alias, p2 = hit
                target = alias.target
                owner = _OWNER.match(text, p2) if target == ADDRESSEES else None
                if owner:
                    target, p2 = INDEFINITE, owner.end()
                refs.append(Ref(target, text[pos:p2]))
                pos = end = p2
            pm = _PAREN.match(text, pos)
            if pm:
                refs[-1] = Ref(refs[-1].id, refs[-1].name, pm.group(1).strip())
                pos = end = pm.end()
        return refs, end

    def _head_list(self, text: str, folded: str, pos: int, head: str) -> tuple[list[Ref], int]:
        """ "các Sở: Tư pháp, Tài chính, Khoa học và Công nghệ": the head word ("Sở", "Bộ")
        before each name. A name agencies.yaml does not have is kept as written ("Bộ Công
        an"), the last one up to the verb ("…, Nông nghiệp và Môi trường có ý kiến")."""
        refs: list[Ref] = []
        end = pos
        word = head.capitalize()
        while True:
            probe = head + " " + folded[pos : pos + self._window]
            m = self._regex.match(probe)
            if m is not None:
                alias = self._aliases[m.lastindex - 1]
                n = m.end() - len(head) - 1
                refs.append(Ref(alias.target, f"{word} {text[pos : pos + n]}"))
            else:
                n = self._listed_name(text, pos)
                if n == 0:
                    break
                refs.append(Ref(None, f"{word} {text[pos : pos + n]}"))
            pos = end = pos + n
            sep = re.match(r"\s*(?:,|\bvà\b)\s*", folded[pos : pos + self._window])
            if sep is None:
                break
            pos += sep.end()
        return refs, end

    def _listed_name(self, text: str, pos: int) -> int:
        """The length of one name of a "các Bộ: …" list that agencies.yaml does not have. Such
        names are compounds of two syllables, each compound capitalised ("Tài chính", "Khoa học
        và Công nghệ", "Nông nghiệp và Môi trường"): a lower-case word after a compound is the
        verb that follows the list ("Tài chính góp ý …")."""
        window = text[pos : pos + self._window]
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\s,;.:()]+", window)]
        n, i = 0, 0
        while i < len(words):
            start, stop, w = words[i]
            if text[pos + n : pos + start].strip():
                break  # a comma or another mark: the next name
            joined = n > 0 and w == "và" and i + 1 < len(words)
            head = words[i + 1] if joined else words[i]
            if not head[2][:1].isupper() or text[pos + stop : pos + head[0]].strip():
                break
            i += 2 if joined else 1
            n = head[1]
            if i < len(words) and not text[pos + n : pos + words[i][0]].strip():
                n, i = words[i][1], i + 1  # the compound's second syllable
        return n

    def _unknown(self, text: str, folded: str, pos: int) -> int | None:
        """The end of a name of a body that agencies.yaml does not have ("Bộ Tài chính",
        "Ban Tổ chức Tỉnh ủy"), or None when no such name starts at `pos`."""
        if pos >= len(text) or not text[pos].isupper():
            return None
        m = _UNKNOWN.match(folded, pos)
        if m is None:
            return None
        offset = 0
        words = 0
        rest = text[m.end() : m.end() + self._window]  # at most 7 words are read
        for w in re.finditer(r"\s+([^\s,;.:()]+)", rest):
            word = w.group(1)
            # A capital word is the name's own ("Ban Quản lý dự án", "Trung tâm Kiểm soát
            # bệnh tật"): the verbs that end the subject are written in lower case.
            if w.start() != offset or words >= 7 or (fold(word) in _STOP and not word[0].isupper()):
                break
            offset = w.end()
            words += 1
        return m.end() + offset if words > 0 else None
