#!/usr/bin/python3
"""The classkiosk certificate made with reportlab, as a yardstick for bench/pdf_bench.c.

Same page as src/pdf/cert_layout.c: A4 landscape, the double frame with corner squares,
heading, ornament, connecting lines, holder name, rule, course, details, the trainer block and
the verify block beside a vector QR code (ECC level Q, alphanumeric prefix + numeric token,
4-module quiet zone, modules of whole 300-dpi dots); same four Noto fonts, same texts, same QR
text. reportlab subsets each font to the glyphs used.

Timed the same way and printing the same lines as pdf_bench:
  pdf_bench impl=reportlab mode=one certs=1 ms_per_cert=X bytes_per_cert=Y
  pdf_bench impl=reportlab mode=batch certs=N ms_per_cert=X bytes_per_cert=Y total_ms=Z
"one" is the first certificate in the process and includes registering the fonts (as the
first libharu certificate includes loading them); imports are not timed.

With --issue N DIR it instead makes N certificates (the holders in turn) and writes each to
DIR/N.pdf, printing nothing: the whole process is what scripts/bench times, beside
"classkiosk certs issue --all" for N people.

Usage: bench/peer/reportlab_cert.py [--fonts DIR] [--batch N] [--out DIR] [--issue N DIR]
Needs Debian's python3-reportlab (scripts/deps bench), hence /usr/bin/python3.
"""
import argparse
import io
import math
import os
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

MM = 72 / 25.4
DOT = 72 / 300
INK = Color(0.11, 0.12, 0.15)
MUTED = Color(0.36, 0.38, 0.42)
ACCENT = Color(0.11, 0.23, 0.40)
FONTS = {
    "serif": "NotoSerif-Regular.ttf",
    "italic": "NotoSerif-Italic.ttf",
    "sans": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
}
HOLDERS = ["Zoë Ångström-Núñez", "Αλέξανδρος Παπαδόπουλος", "Анна Кузнецова"]


def qr_text(chars=450, seed=42):
    """'CKCERT:/' + a token as digits (code − 45), the same generator as pdf_bench.c."""
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out = []
    for i in range(chars):
        seed = (seed * 1103515245 + 12345) & 0xFFFFFFFF
        c = "." if i % 97 == 96 else b64[(seed >> 16) % 64]
        out.append("%02d" % (ord(c) - 45))
    return "CKCERT:/" + "".join(out)


def register_fonts(folder):
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))


class Style:
    def __init__(self, font, size, min_size, tracking, leading, color):
        self.font, self.size, self.min_size = font, size, min_size
        self.tracking, self.leading, self.color = tracking, leading, color


S_HEADING = Style("serif", 15, 10, 0.24, 1.3, ACCENT)
S_PRESENTED = Style("italic", 14, 10, 0, 1.3, MUTED)
S_HOLDER = Style("serif", 44, 22, 0, 1.12, INK)
S_COMPLETION = Style("italic", 14, 10, 0, 1.3, MUTED)
S_COURSE = Style("serif", 25, 15, 0, 1.15, ACCENT)
S_DETAILS = Style("sans", 11, 8.5, 0.01, 1.35, MUTED)
S_TRAINER = Style("bold", 11, 8, 0, 1.25, INK)
S_CREDENTIAL = Style("sans", 9, 7, 0, 1.3, MUTED)
S_VERIFY = Style("sans", 8, 8, 0, 1.3, MUTED)
S_ID = Style("bold", 9, 7, 0.02, 1.3, INK)
S_VALID = Style("sans", 8.5, 7, 0, 1.3, INK)


def width(text, st, size):
    return pdfmetrics.stringWidth(text, st.font, size) + st.tracking * size * (len(text) - 1)


class Block:
    """Text fitted to a width: shrink to the minimum size, then break on the space that
    balances two lines best."""

    def __init__(self, text, st, max_width):
        self.st = st
        size = min(st.size, max_width / max(width(text, st, 1), 1e-9))
        self.lines = [text]
        if size < st.min_size:
            size = st.min_size
            words = text.split(" ")
            splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
            if splits:
                self.lines = list(min(splits, key=lambda p: max(width(p[0], st, size),
                                                                 width(p[1], st, size))))
        self.size = size
        asc, desc = pdfmetrics.getAscentDescent(st.font, size)
        self.ascent, self.descent = asc, -desc
        self.height = asc - desc + (len(self.lines) - 1) * st.leading * size

    def draw(self, c, x, top, align):
        st = self.st
        c.setFillColor(st.color)
        for i, line in enumerate(self.lines):
            w = width(line, st, self.size)
            lx = x if align == "left" else x - w / 2 if align == "center" else x - w
            t = c.beginText(lx, top - self.ascent - i * st.leading * self.size)
            t.setFont(st.font, self.size)
            t.setCharSpace(st.tracking * self.size)
            t.textOut(line)
            c.drawText(t)


def hline(c, x0, x1, y, lw, color):
    c.setStrokeColor(color)
    c.setLineWidth(lw)
    c.line(x0, y, x1, y)


def qr_segments(text):
    """Prefix and digits as separate segments, as libqrencode splits them."""
    i = len(text)
    while i > 0 and text[i - 1].isdigit():
        i -= 1
    prefix, digits = text[:i], text[i:]
    alnum = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    segs = []
    if prefix:
        segs.append(qrencoder.QRAlphaNum(prefix) if set(prefix) <= alnum
                    else qrencoder.QR8bitByte(prefix))
    if digits:
        segs.append(qrencoder.QRNumber(digits))
    return segs


def certificate(holder, qr):
    """One certificate as PDF bytes."""
    buf = io.BytesIO()
    w, h = 297 * MM, 210 * MM
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setTitle("Certificate: %s – Certified Scrum Product Owner®" % holder)
    c.setAuthor("Dr. Maria Schmidt")
    c.setSubject("Certified Scrum Product Owner®")
    c.setCreator("reportlab peer")

    # Frame.
    o, i, s = 10 * MM, 12.5 * MM, 2.2 * MM
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1.6)
    c.rect(o, o, w - 2 * o, h - 2 * o)
    c.setLineWidth(0.5)
    c.rect(i, i, w - 2 * i, h - 2 * i)
    c.setFillColor(ACCENT)
    mid = (o + i) / 2
    for cx in (mid, w - mid):
        for cy in (mid, h - mid):
            c.rect(cx - s / 2, cy - s / 2, s, s, stroke=0, fill=1)

    # QR code in the lower right corner.
    widget = QrCodeWidget(qr_segments(qr), barLevel="Q", barBorder=4)
    widget.qr.make()
    # The widget's draw() encodes the text again (the mask search is most of reportlab's QR
    # time); it has just been encoded, so once is enough.
    widget.qr.make = lambda: None
    modules = widget.qr.getModuleCount()
    dots = math.floor(45 * MM / ((modules + 8) * DOT) + 1e-9)
    m = dots * DOT
    side = (modules + 8) * m
    qx = math.floor((w - 17 * MM - side) / DOT + 1e-9) * DOT
    qy = math.floor(17 * MM / DOT + 1e-9) * DOT
    widget.barWidth = widget.barHeight = side
    d = Drawing(side, side)
    d.add(widget)
    renderPDF.draw(d, c, qx, qy)
    code_bottom = qy + 4 * m

    # Verify block.
    vx = qx - 1.5 * MM
    vwidth = min(80 * MM, vx - w / 2)
    valid = Block("Valid until 13 March 2027", S_VALID, vwidth)
    ident = Block("Certificate ID CK-2025-000042", S_ID, vwidth)
    verify = Block("Scan the QR code or visit example.org/verify to check this certificate.",
                   S_VERIFY, vwidth)
    y = code_bottom
    valid.draw(c, vx, y + valid.height, "right")
    y += valid.height + 1
    ident.draw(c, vx, y + ident.height, "right")
    y += ident.height + 4
    verify.draw(c, vx, y + verify.height, "right")
    right_top = max(y + verify.height, qy + side)

    # Trainer block.
    tx = 24 * MM
    twidth = min(85 * MM, w / 2 - tx - 10 * MM)
    cred = Block("Certified Scrum Trainer®", S_CREDENTIAL, twidth)
    trainer = Block("Dr. Maria Schmidt", S_TRAINER, twidth)
    y = code_bottom
    cred.draw(c, tx, y + cred.height, "left")
    y += cred.height + 1
    trainer.draw(c, tx, y + trainer.height, "left")
    y += trainer.height + 3
    hline(c, tx, tx + min(max(70 * MM, width("Dr. Maria Schmidt", S_TRAINER, trainer.size)),
                          twidth), y, 0.6, INK)
    left_top = y + 17 * MM

    # The centred column.
    col_top, col_bottom = h - 23 * MM, max(left_top, right_top) + 5 * MM
    cx, cwidth = w / 2, w - 60 * MM
    items = [
        (Block("CERTIFICATE OF COMPLETION", S_HEADING, cwidth), 2.5 * MM),
        ("ornament", 7 * MM),
        (Block("This is to certify that", S_PRESENTED, cwidth), 4 * MM),
        (Block(holder, S_HOLDER, cwidth), 2.5 * MM),
        ("rule", 5 * MM),
        (Block("has successfully completed the course", S_COMPLETION, cwidth), 3.5 * MM),
        (Block("Certified Scrum Product Owner®", S_COURSE, cwidth), 5 * MM),
        (Block("12–13 March 2025 · 16 contact hours · Berlin, Germany", S_DETAILS, cwidth), 0),
    ]
    heights = sum(8 if it == "ornament" else 1 if it == "rule" else it.height for it, _ in items)
    gaps = sum(g for _, g in items[:-1])
    room = col_top - col_bottom
    spread = min(1.8, (room - heights) / gaps)
    y = col_top - max(0, room - heights - gaps * spread) * 0.4
    name = items[3][0]
    name_width = max(width(line, S_HOLDER, name.size) for line in name.lines)
    for it, gap in items:
        if it == "ornament":
            half, dd, yy = 22 * MM, 3.2, y - 4
            hline(c, cx - half, cx - 3 * dd, yy, 0.6, ACCENT)
            hline(c, cx + 3 * dd, cx + half, yy, 0.6, ACCENT)
            p = c.beginPath()
            p.moveTo(cx - dd, yy)
            p.lineTo(cx, yy + dd)
            p.lineTo(cx + dd, yy)
            p.lineTo(cx, yy - dd)
            p.close()
            c.setFillColor(ACCENT)
            c.drawPath(p, stroke=0, fill=1)
            height = 8
        elif it == "rule":
            half = min(max(name_width / 2 + 12 * MM, 55 * MM), cwidth / 2)
            hline(c, cx - half, cx + half, y - 0.5, 0.6, MUTED)
            height = 1
        else:
            it.draw(c, cx, y, "center")
            height = it.height
        y -= height + gap * spread

    c.showPage()
    c.save()
    return buf.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fonts", default=os.path.join(here, "..", "..", "fonts"))
    ap.add_argument("--batch", type=int, default=30)
    ap.add_argument("--out")
    ap.add_argument("--issue", nargs=2, metavar=("N", "DIR"))
    args = ap.parse_args()
    qr = qr_text()

    if args.issue:
        register_fonts(args.fonts)
        for i in range(int(args.issue[0])):
            with open(os.path.join(args.issue[1], "%d.pdf" % (i + 1)), "wb") as f:
                f.write(certificate(HOLDERS[i % 3], qr))
        return 0

    t0 = time.perf_counter()
    register_fonts(args.fonts)
    pdf = certificate(HOLDERS[0], qr)
    one = (time.perf_counter() - t0) * 1000
    print("pdf_bench impl=reportlab mode=one certs=1 ms_per_cert=%.2f bytes_per_cert=%d"
          % (one, len(pdf)))
    if args.out:
        with open(os.path.join(args.out, "bench-reportlab.pdf"), "wb") as f:
            f.write(pdf)

    total_bytes = 0
    t0 = time.perf_counter()
    for i in range(args.batch):
        total_bytes += len(certificate(HOLDERS[i % 3], qr))
    total = (time.perf_counter() - t0) * 1000
    print("pdf_bench impl=reportlab mode=batch certs=%d ms_per_cert=%.2f bytes_per_cert=%d "
          "total_ms=%.1f" % (args.batch, total / args.batch, total_bytes // args.batch, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
