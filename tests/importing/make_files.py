"""Rebuild the .docx and .pdf test files of the importer from the seed texts (LibreOffice).

The seeds came to us as text extracted from the published documents; no Word or PDF original
is at hand. So the test files are made from those texts: each line becomes a paragraph, and the
tab-separated rows of seed 002's annex become a real table. Run from the repository root:

    python tests/importing/make_files.py

It needs `soffice` (LibreOffice) on PATH and writes tests/importing/files/seed-*.{docx,pdf}, and
`text.docx`, `text.pdf` beside the `text.txt` of each directive of tests/importing/corpus/ (no
Word or PDF original of those is at hand either).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SEEDS = {name: f"{name}.txt" for name in ("seed-001", "seed-002", "seed-004")}


def _clean(line: str) -> str:
    line = re.sub(r"</?b>", "", line)
    line = re.sub(r"^#+\s*", "", line)
    return line.replace("***", "").replace("**", "")


def to_html(text: str) -> str:
    out = ['<html><head><meta charset="utf-8"></head><body style="font-family: Times New Roman">']
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            out.append('<table border="1">')
            for row in rows:
                cells = "".join(f"<td>{html.escape(c)}</td>" for c in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
            rows.clear()

    for raw in text.splitlines():
        if "\t" in raw:
            rows.append([_clean(c).strip() for c in raw.split("\t")])
            continue
        if not raw.strip() and rows:
            continue  # a blank line inside the annex table
        flush()
        line = _clean(raw).strip()
        if line:
            out.append(f"<p>{html.escape(line)}</p>")
    flush()
    out.append("</body></html>")
    return "\n".join(out)


def convert(text: Path, target: Path, stem: str) -> None:
    """`target/stem.docx` and `target/stem.pdf` from the directive text `text`."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / f"{stem}.html"
        page.write_text(to_html(text.read_text("utf-8")), "utf-8")
        for fmt, filt in (("docx", "docx:MS Word 2007 XML"), ("pdf", "pdf:writer_pdf_Export")):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", filt, "--outdir", tmp, str(page)],
                check=True,
                capture_output=True,
            )
            shutil.copy(Path(tmp) / f"{stem}.{fmt}", target / f"{stem}.{fmt}")


def main(seed_dir: Path = HERE / "texts") -> None:
    target = HERE / "files"
    target.mkdir(exist_ok=True)
    for name, seed in SEEDS.items():
        convert(seed_dir / seed, target, name)
    for text in sorted((HERE / "corpus").glob("*/text.txt")):
        convert(text, text.parent, "text")


def jpeg_size(data: bytes) -> tuple[int, int, int]:
    """Width, height and number of colour components from a JPEG's SOF marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            h = int.from_bytes(data[i + 5 : i + 7], "big")
            w = int.from_bytes(data[i + 7 : i + 9], "big")
            return w, h, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF marker")


def image_pdf(jpeg: bytes, dpi: int) -> bytes:
    """A one-page PDF holding nothing but `jpeg`: a scan without a text layer."""
    w, h, components = jpeg_size(jpeg)
    space = "/DeviceGray" if components == 1 else "/DeviceRGB"
    pw, ph = w * 72 / dpi, h * 72 / dpi
    content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
        "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {space} "
        f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode()
        + jpeg
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def make_scan(target: Path) -> None:
    """scan-sample.pdf: a short real passage of seed 001 printed to PDF by LibreOffice, then
    rasterised (pdftoppm, 150 dpi, grey) and wrapped as an image-only PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp,
             str(HERE / "scan-sample.html")],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", "-jpeg", "-jpegopt", "quality=60",
             str(Path(tmp) / "scan-sample.pdf"), str(Path(tmp) / "p")],
            check=True, capture_output=True,
        )  # fmt: skip
        pages = sorted(Path(tmp).glob("p-*.jpg"))
        page = max(pages, key=lambda p: p.stat().st_size)  # LibreOffice may add a blank page
        (target / "scan-sample.pdf").write_bytes(image_pdf(page.read_bytes(), 150))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "texts")
    make_scan(HERE / "files")
