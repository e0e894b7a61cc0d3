"""Real local servers for tests: an SMTP sink, a group-chat robot, and a running Huey consumer.

Loopback only, each on a free port, each stopped by its context manager.
"""

import email
import email.policy
import http.server
import json
import socketserver
import threading
import time
from contextlib import contextmanager

from django.db import OperationalError


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.send("220 sink ESMTP")
        envelope = {"from": "", "to": []}
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.send("250-sink")
                self.send("250 8BITMIME")
            elif verb == b"MAIL":
                envelope = {"from": line.decode().split(":", 1)[1].strip(" <>\r\n"), "to": []}
                self.send("250 OK")
            elif verb == b"RCPT":
                envelope["to"].append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                self.send("250 OK")
            elif verb == b"DATA":
                self.send("354 end with .")
                chunks = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = email.message_from_bytes(b"".join(chunks), policy=email.policy.default)
                self.server.messages.append((envelope, message))
                self.send("250 queued")
            elif verb in (b"RSET", b"NOOP"):
                self.send("250 OK")
            elif verb == b"QUIT":
                self.send("221 bye")
                return
            else:
                self.send("502 not implemented")


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def smtp_sink():
    """Yields the server; `.port`, and `.messages` = [(envelope, email.message.EmailMessage)]."""
    server = _Server(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    server.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class Robot:
    """A group-chat robot: records each JSON post (time, body). The first `fail_first` posts get
    `fail_status`; after that it answers `answer` (企业微信's {"errcode": 0, "errmsg": "ok"})."""

    def __init__(self, *, fail_first=0, fail_status=500, answer=None, delay=0.0):
        self.fail_first, self.fail_status, self.delay = fail_first, fail_status, delay
        self.answer = answer if answer is not None else {"errcode": 0, "errmsg": "ok"}
        self.hits: list[tuple[float, dict]] = []
        self.lock = threading.Lock()
        robot = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with robot.lock:
                    robot.hits.append((time.monotonic(), json.loads(body)))
                    failing = len(robot.hits) <= robot.fail_first
                if robot.delay:
                    time.sleep(robot.delay)
                status = robot.fail_status if failing else 200
                payload = json.dumps({"error": "boom"} if failing else robot.answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=k"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def bodies(self) -> list[dict]:
        return [b for _t, b in self.hits]


@contextmanager
def running_queue(tmp_path, workers: int = 2):
    """The project's Huey instance on a fresh SQLite queue file, with a real consumer (scheduler +
    worker threads) running in this process. Signal handlers are left alone (not the main loop)."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    old_storage, old_immediate = HUEY.storage, HUEY.immediate
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "queue.sqlite3"))
    consumer = HUEY.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=False,
        check_worker_health=False,
        initial_delay=0.05,
        backoff=1.1,
        max_delay=0.2,
    )
    consumer.scheduler.start()
    for _worker, thread in consumer.worker_threads:
        thread.start()
    try:
        yield HUEY
    finally:
        consumer.stop(graceful=True)
        HUEY.storage = old_storage
        HUEY.immediate = old_immediate


@contextmanager
def immediate_queue():
    from huey.contrib.djhuey import HUEY

    old = HUEY.immediate
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.immediate = old


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.05):
    """Poll until `predicate()` is truthy; returns its value. Tolerates SQLite's shared-cache
    "table is locked" while a worker thread writes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except OperationalError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s: {predicate}")
        time.sleep(interval)
