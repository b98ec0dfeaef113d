#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd): every message it accepts
is saved whole as DIR/msg-N.eml (with DIR/msg-N.env: the envelope sender and recipients).

  smtp_sink.py --dir DIR --ready FILE [--host 127.0.0.1] [--port N] [--refuse ADDRESS]...
               [--login USER:PASSWORD] [--drop-after-data]

--ready FILE gets the port once the server listens. --refuse answers 550 to RCPT for that
address. --login advertises AUTH and accepts only that user and password (over the plain
connection: the tests run on this machine). --drop-after-data reads a whole message and then
closes the connection without an answer, as a crash of the server would.
Stops on SIGTERM or SIGINT.
"""
import argparse
import os
import signal
import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, refuse, drop):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.drop = drop
        # Numbering goes on from what an earlier run saved in the same folder.
        self.count = 0
        while os.path.exists(os.path.join(folder, "msg-%d.eml" % (self.count + 1))):
            self.count += 1
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.folder, "msg-%d" % n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("to %s\n" % r)
        os.rename(base + ".tmp", base + ".eml")
        if self.drop:
            server.transport.close()  # the message is here; the sender never hears so
            return "421 closing"
        return "250 2.0.0 Ok: queued as %d" % n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--ready", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--login")
    p.add_argument("--drop-after-data", action="store_true")
    a = p.parse_args()

    # A free port: bind to 0, read it back, let it go (the controller binds it again).
    port = a.port
    if not port:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind((a.host, 0))
        port = probe.getsockname()[1]
        probe.close()

    kwargs = {}
    if a.login:
        user, password = a.login.split(":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and \
                data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs = {"auth_require_tls": False, "authenticator": check, "auth_required": True}
    handler = Sink(a.dir, a.refuse, a.drop_after_data)
    ctl = Controller(handler, hostname=a.host, port=port, **kwargs)
    ctl.start()
    with open(a.ready + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(a.ready + ".tmp", a.ready)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass
    ctl.stop()


if __name__ == "__main__":
    main()
