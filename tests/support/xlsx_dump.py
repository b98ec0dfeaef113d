#!/usr/bin/python3
"""Read a workbook with a real reader (openpyxl) and print it as JSON: for each sheet its rows
of cells, each cell as {"t": type, "v": value}: "s" text, "n" number (int or float), "b"
yes/no, "d" a date or time cell (ISO text), null for an empty cell.   xlsx_dump.py FILE.xlsx"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return None
    if isinstance(v, bool):
        return {"t": "b", "v": v}
    if isinstance(v, (int, float)):
        if c.is_date:  # a time of day is a number shown as a time
            return {"t": "d", "v": c.number_format}
        return {"t": "n", "v": v}
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return {"t": "d", "v": v.isoformat()}
    return {"t": "s", "v": str(v)}


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": [ws.title for ws in wb.worksheets],
           "title": wb.properties.title, "creator": wb.properties.creator}
    for ws in wb.worksheets:
        out[ws.title] = [[cell(c) for c in row] for row in ws.iter_rows()]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
