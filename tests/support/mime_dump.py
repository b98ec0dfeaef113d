#!/usr/bin/python3
"""Read a message as a mail program does (Python's email package) and print what it found as
JSON: the headers decoded, their raw lines, the longest line, the parts, the text, any defects;
the attachment is written to OUT.   mime_dump.py MESSAGE.eml OUT"""
import email
import email.policy
import email.utils
import json
import sys


def main():
    path, out = sys.argv[1], sys.argv[2]
    raw = open(path, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    res = {
        "headers": {k: str(msg[k]) for k in ("From", "To", "Subject", "Message-ID", "Date",
                                              "MIME-Version", "Auto-Submitted")},
        "raw_headers": head.split("\r\n"),
        "ascii": all(b < 128 for b in raw),
        "max_line": max(len(l) for l in raw.split(b"\r\n")),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "date_ok": email.utils.parsedate_to_datetime(msg["Date"]) is not None,
        "defects": [str(d) for d in msg.defects],
        "parts": [],
        "text": None,
        "attachment": None,
    }
    for part in msg.walk():
        if part.is_multipart():
            continue
        res["defects"] += [str(d) for d in part.defects]
        info = {"type": part.get_content_type(), "charset": part.get_content_charset(),
                "encoding": part.get("Content-Transfer-Encoding"),
                "filename": part.get_filename()}
        res["parts"].append(info)
        if part.get_content_type() == "text/plain" and res["text"] is None:
            res["text"] = part.get_content()
        elif part.get_filename():
            open(out, "wb").write(part.get_payload(decode=True))
            res["attachment"] = out
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main()
