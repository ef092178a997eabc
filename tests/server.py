"""Start and stop a real Odoo server for the suite tests and benchmarks.

The server runs the test database with the four addons in multi-process mode (``--workers``)
on a port of its own, so that tests attack it as a citizen or an intruder would.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/src")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def python():
    venv = os.environ.get("ONESTOP_VENV")
    return os.path.join(venv, "bin", "python") if venv else "python3"


class OdooServer:
    """``with OdooServer(db, workers=4) as server: server.url("/web/login")``"""

    def __init__(self, db, workers=2, port=None, extra_args=(), log_path=None):
        self.db = db
        self.workers = workers
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.log_path = log_path or os.path.join(ROOT, ".test-logs", "server-%s.log" % self.port)
        self.process = None

    @property
    def base_url(self):
        return "http://127.0.0.1:%s" % self.port

    def url(self, path):
        return self.base_url + path

    def command(self):
        addons = ",".join(
            [
                os.path.join(ODOO_SRC, "odoo", "addons"),
                os.path.join(ODOO_SRC, "addons"),
                os.path.join(ROOT, "addons"),
            ]
        )
        return [
            python(),
            os.path.join(ODOO_SRC, "odoo-bin"),
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "--addons-path=%s" % addons,
            "-d",
            self.db,
            "--db-filter=^%s$" % self.db,
            "--http-port=%s" % self.port,
            "--gevent-port=%s" % free_port(),
            "--workers=%s" % self.workers,
            "--max-cron-threads=0",
            "--limit-time-real=120",
            "--limit-time-cpu=60",
            "--log-level=warn",
            *self.extra_args,
        ]

    def start(self, timeout=90):
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.command(), stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Odoo exited with %s; see %s" % (self.process.returncode, self.log_path)
                )
            try:
                with urllib.request.urlopen(self.url("/web/health"), timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("Odoo did not answer within %ss; see %s" % (timeout, self.log_path))

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    def worker_pids(self):
        """PIDs of the HTTP worker processes (children of the server)."""
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
