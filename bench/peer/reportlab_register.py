#!/usr/bin/python3
"""An attendance register made with reportlab's tables, as a yardstick for
"classkiosk report register".

Reads the rows classkiosk exports ("classkiosk report export --out -": name, e-mail, per day
first in, last out, present and required minutes, complete; license; eligible) and lays out
what the register shows: a table per day (number, name, in-out, present, required, complete)
and a summary table, A4 portrait, the header row repeated on every page, "Page N of M" in a
header and a footer line, Noto Sans (as classkiosk, subset by reportlab), zebra rows.

Usage: bench/peer/reportlab_register.py --fonts DIR EXPORT.csv OUT.pdf
Prints "reportlab_register ms=X bytes=Y pages=Z" (fonts registered inside the timing, as the
classkiosk process opens its fonts).
Needs Debian's python3-reportlab (scripts/deps bench), hence /usr/bin/python3.
"""
import argparse
import csv
import io
import os
import time

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)
from reportlab.lib.styles import ParagraphStyle


def minutes(v):
    v = int(v or 0)
    h, m = divmod(v, 60)
    return "%d h %d min" % (h, m) if h and m else "%d h" % h if h else "%d min" % m


def make_story(rows, days):
    cell = ParagraphStyle("cell", fontName="Sans", fontSize=8, leading=9.8)
    head = ParagraphStyle("head", fontName="SansBold", fontSize=11, leading=14)
    story = []
    style = TableStyle([("FONT", (0, 0), (-1, 0), "SansBold", 7.5),
                        ("FONT", (0, 1), (-1, -1), "Sans", 8),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.87, 0.89, 0.92)),
                        ("ROWBACKGROUNDS", (0, 1), (-1, -1),
                         [colors.white, colors.Color(0.95, 0.96, 0.97)]),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")])
    widths = [12 * mm, 62 * mm, 58 * mm, 20 * mm, 20 * mm, 17 * mm]
    for d in range(days):
        story.append(Paragraph("Day %d" % (d + 1), head))
        data = [["#", "Name", "In – out", "Present", "Required", "Complete"]]
        for i, r in enumerate(rows):
            c = 2 + 5 * d
            span = "%s–%s" % (r[c][11:16], r[c + 1][11:16]) if r[c] else "—"
            data.append([str(i + 1), Paragraph(r[0], cell), span, minutes(r[c + 2]),
                         minutes(r[c + 3]), r[c + 4]])
        story += [Table(data, colWidths=widths, repeatRows=1, style=style), Spacer(1, 14)]
    story.append(PageBreak())
    story.append(Paragraph("Summary", head))
    data = [["#", "Name", "License", "Accepted", "Eligible", "Certificate"]]
    b = 2 + 5 * days
    for i, r in enumerate(rows):
        data.append([str(i + 1), Paragraph(r[0], cell), "version %s" % (r[b] or "—"),
                     r[b + 2] or "—", r[b + 3], r[b + 5] or "—"])
    story.append(Table(data, colWidths=widths, repeatRows=1, style=style))
    return story


def build(rows, days, fonts, out):
    pdfmetrics.registerFont(TTFont("Sans", os.path.join(fonts, "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("SansBold", os.path.join(fonts, "NotoSans-Bold.ttf")))

    class Numbered(SimpleDocTemplate):
        pass

    def page(canvas, doc):
        canvas.setFont("SansBold", 13)
        canvas.drawString(14 * mm, A4[1] - 20 * mm, "Attendance register")
        canvas.setFont("Sans", 6.5)
        canvas.drawString(14 * mm, 12 * mm, "Course · chain head: " + "0" * 64)

    # Two passes, as "of N" needs the count (reportlab's own way: build twice).
    buf = io.BytesIO()
    doc = Numbered(buf, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm,
                   topMargin=30 * mm, bottomMargin=22 * mm)
    doc.build(make_story(rows, days), onFirstPage=page, onLaterPages=page)
    total = doc.page

    def numbered(canvas, doc):
        page(canvas, doc)
        canvas.setFont("Sans", 8)
        canvas.drawRightString(A4[0] - 14 * mm, A4[1] - 20 * mm,
                               "Page %d of %d" % (doc.page, total))

    buf = io.BytesIO()
    doc = Numbered(buf, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm,
                   topMargin=30 * mm, bottomMargin=22 * mm)
    doc.build(make_story(rows, days), onFirstPage=numbered, onLaterPages=numbered)
    open(out, "wb").write(buf.getvalue())
    return len(buf.getvalue()), total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fonts", default="fonts")
    p.add_argument("export")
    p.add_argument("out")
    a = p.parse_args()
    with open(a.export, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    days = sum(1 for h in header if h.endswith("first in"))
    t0 = time.perf_counter()
    size, pages = build(rows, days, a.fonts, a.out)
    ms = (time.perf_counter() - t0) * 1000
    print("reportlab_register ms=%.1f bytes=%d pages=%d" % (ms, size, pages))


if __name__ == "__main__":
    main()
