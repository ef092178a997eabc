"""The hall under load: kiosks issuing and counters calling at once, for a simulated day.

    python tests/bench/hall_load.py --db DB [--tickets 1500] [--kiosks 20] [--counters 20]

The database (a copy: the script adds a desk, its calendar, officers and counters, and lifts
the public holidays of today so that the desk is open) is served by a multi-process Odoo
(``--workers``) started here. ``--kiosks`` clients take ``--tickets`` numbers through the
kiosk's page, while ``--counters`` officers call them through the counter's button, serve
them, and call the next; a browser-like client listens on the hall screen's websocket.

Two ways to run the day. Saturated (the default): every kiosk and counter asks as fast as it
is answered, about a hundred times a real hall's rate, to find what breaks. Paced
(``--day-seconds D``): the tickets arrive spread over D seconds, and each counter serves its
citizen for a random time (exponential, mean set so that the counters are busy 70 % of the
time), as a real day compressed into D seconds.

Measured and printed: numbers issued, duplicates, numbers lost (issued but never reached by
a call), serial gaps, and the delay from each call's request to the screen's notification
(median, p95, max), split into the call's own answer and the screen's delay after it;
written as JSON with ``--output``."""

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import xmlrpc.client

import psycopg2
import requests
import websocket

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from server import OdooServer, free_port  # noqa: E402

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
DESK_CODE = "L00.00.01.X99"
AGENCY_CODE = "L00.00.00.X99"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Rpc:
    def __init__(self, url, db, login="admin", password="admin"):
        self.db, self.password = db, password
        self.common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
        self.uid = self.common.authenticate(db, login, password, {})

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


def prepare(db, url, counters):
    """The desk (open every hour), two services, officers and their counters."""
    connection = psycopg2.connect(dbname=db)
    with connection, connection.cursor() as cursor:
        # Today's public holidays would close the desk: the copy has none today.
        cursor.execute(
            "DELETE FROM resource_calendar_leaves WHERE resource_id IS NULL "
            "AND date_from < now() + interval '2 days' AND date_to > now() - interval '2 days'"
        )
        cursor.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES "
            "('onestop_hall.kiosk_max_per_hour', '1000000') "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        )
    connection.close()
    rpc = Rpc(url, db)
    found = rpc("onestop.department", "search", [("code", "=", DESK_CODE)])
    if found:
        desk_id = found[0]
    else:
        attendances = [
            (
                0,
                0,
                {
                    "name": "Cả ngày",
                    "dayofweek": str(day),
                    "hour_from": 0,
                    "hour_to": 24,
                    "day_period": "morning",
                },
            )
            for day in range(7)
        ]
        calendar = rpc(
            "resource.calendar",
            "create",
            {
                "name": "Sảnh thử tải (24/7)",
                "tz": "Asia/Ho_Chi_Minh",
                "attendance_ids": attendances,
            },
        )
        agency = rpc(
            "onestop.department",
            "create",
            {
                "name": "UBND thử tải",
                "kind": "agency",
                "code": AGENCY_CODE,
                "calendar_id": calendar,
            },
        )
        desk_id = rpc(
            "onestop.department",
            "create",
            {
                "name": "Một cửa thử tải",
                "kind": "desk",
                "code": DESK_CODE,
                "parent_id": agency,
                "calendar_id": calendar,
            },
        )
    services = rpc("onestop.hall.service", "search", [("department_id", "=", desk_id)])
    if not services:
        services = [
            rpc(
                "onestop.hall.service",
                "create",
                {"name": name, "letter": letter, "department_id": desk_id},
            )
            for name, letter in (("Hộ tịch", "A"), ("Đất đai", "B"))
        ]
    group = rpc(
        "ir.model.data", "check_object_reference", "onestop_base", "group_onestop_reception"
    )[1]
    officers = []
    for index in range(1, counters + 1):
        login = "load_officer_%02d" % index
        users = rpc("res.users", "search", [("login", "=", login)])
        user = (
            users[0]
            if users
            else rpc(
                "res.users",
                "create",
                {
                    "name": "Cán bộ %02d" % index,
                    "login": login,
                    "password": login,
                    "groups_id": [(6, 0, [group])],
                    "onestop_department_ids": [(6, 0, [desk_id])],
                },
            )
        )
        found = rpc(
            "onestop.counter", "search", [("department_id", "=", desk_id), ("number", "=", index)]
        )
        counter = (
            found[0]
            if found
            else rpc(
                "onestop.counter",
                "create",
                {
                    "name": "Quầy %s" % index,
                    "number": index,
                    "department_id": desk_id,
                    "service_ids": [(6, 0, services)],
                    "user_id": user,
                },
            )
        )
        officers.append((login, counter))
    return desk_id, services, officers


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--tickets", type=int, default=1500)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--counters", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--day-seconds",
        type=float,
        default=0,
        help="spread the tickets over this many seconds (0: as fast as answered)",
    )
    parser.add_argument("--output")
    args = parser.parse_args(argv)

    gevent_port = free_port()
    with OdooServer(
        args.db,
        workers=args.workers,
        extra_args=["--gevent-port=%s" % gevent_port, "--db_maxconn=128"],
    ) as server:
        desk_id, services, officers = prepare(args.db, server.base_url, args.counters)
        return run(server, gevent_port, desk_id, services, officers, args)


def run(server, gevent_port, desk_id, services, officers, args):
    return HallLoad(server, gevent_port, desk_id, services, officers, args).run()


class HallLoad:
    """One simulated day: a screen, kiosks and counters in threads of their own."""

    def __init__(self, server, gevent_port, desk_id, services, officers, args):
        self.server, self.gevent_port, self.args = server, gevent_port, args
        self.desk_id, self.services, self.officers = desk_id, services, officers
        self.channel = "onestop_hall_%s" % desk_id
        self.lock = threading.Lock()
        self.seen = {}  # number -> when the screen got its call
        self.calls = {}  # number -> when the call's request was sent
        self.answered = {}  # number -> when the call's answer came back
        self.issued, self.failures, self.call_errors = [], [], []
        self.screen_ready, self.stop = threading.Event(), threading.Event()
        self.kiosks_done = threading.Event()

    # ------------------------------------------------------------------ the screen
    def _connect(self):
        session = requests.Session()
        session.get(self.server.url("/web/login"))
        # The websocket process starts beside the workers and loads the registry on the
        # first connection: wait for it.
        deadline = time.monotonic() + 180
        while True:
            try:
                return websocket.create_connection(
                    "ws://127.0.0.1:%s/websocket?version=18.0-5" % self.gevent_port,
                    cookie="session_id=%s" % session.cookies.get("session_id"),
                    origin=self.server.base_url,
                    timeout=90,
                )
            except (ConnectionRefusedError, websocket.WebSocketException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def screen(self):
        socket = self._connect()
        socket.settimeout(2)
        subscribe = {"event_name": "subscribe", "data": {"channels": [self.channel], "last": 0}}
        socket.send(json.dumps(subscribe))
        self.screen_ready.set()
        while not self.stop.is_set():
            try:
                data = socket.recv()
            except websocket.WebSocketTimeoutException:
                continue
            now = time.monotonic()
            for notification in json.loads(data):
                message = notification["message"]
                announce = message.get("payload", {}).get("announce")
                if message.get("type") == "onestop_hall/update" and announce:
                    self.seen.setdefault(announce["number"], now)
        socket.close()

    # ------------------------------------------------------------------ kiosks
    def kiosk(self, count, index):
        session = requests.Session()
        page = session.get(self.server.url("/onestop/kiosk/%s" % DESK_CODE))
        csrf = CSRF_RE.search(page.text).group(1)
        gap = self.args.day_seconds / max(1, self.args.tickets)
        for n in range(count):
            if gap:
                # Paced: this kiosk's n-th citizen arrives at their time of the day.
                arrival = self.started + (n * self.args.kiosks + index) * gap
                time.sleep(max(0.0, arrival - time.monotonic()))
            response = None
            for _attempt in range(5):
                try:
                    response = session.post(
                        self.server.url("/onestop/kiosk/%s/ticket" % DESK_CODE),
                        data={
                            "csrf_token": csrf,
                            "service_id": self.services[(n + index) % len(self.services)],
                            "priority": "elderly" if n % 10 == 0 else "none",
                        },
                        allow_redirects=False,
                    )
                    break
                except requests.ConnectTimeout:
                    continue  # the server's queue was full: nothing was sent, ask again
                except requests.ConnectionError:
                    break  # sent, answer lost: counted as a failure, not asked again
            with self.lock:
                if response is None:
                    self.failures.append("connection")
                    continue
                if response.status_code == 303:
                    self.issued.append(response.headers["Location"])
                else:
                    self.failures.append(response.status_code)

    # ------------------------------------------------------------------ counters
    def _call_kw(self, session, method, ids, *extra):
        for attempt in range(3):
            try:
                response = session.post(
                    self.server.url("/web/dataset/call_kw/onestop.counter/%s" % method),
                    json={
                        "jsonrpc": "2.0",
                        "params": {
                            "model": "onestop.counter",
                            "method": method,
                            "args": [ids, *extra],
                            "kwargs": {},
                        },
                    },
                )
                return response.json()
            except requests.ConnectionError:
                # A worker closed the kept-alive connection: ask again.
                if attempt == 2:
                    raise
        return {}

    def counter(self, login, counter_id):
        session = requests.Session()
        session.post(
            self.server.url("/web/session/authenticate"),
            json={
                "jsonrpc": "2.0",
                "params": {"db": self.args.db, "login": login, "password": login},
            },
        )
        idle = 0
        args = self.args
        # Paced: a citizen is served for a random time, the counters busy 70 % of the day.
        service_mean = 0.7 * args.counters * args.day_seconds / max(1, args.tickets)
        rng = random.Random(counter_id)
        while idle < 3:
            sent = time.monotonic()
            result = self._call_kw(session, "action_call_next", [counter_id])
            answered = time.monotonic()
            if "error" in result:
                self.call_errors.append(result["error"]["data"].get("message"))
                time.sleep(0.05)
                continue
            if result.get("result") is not True:  # nobody waits: look again in a second
                idle = idle + 1 if self.kiosks_done.is_set() else 0
                time.sleep(1)
                continue
            idle = 0
            current = self._call_kw(session, "read", [counter_id], ["current_ticket_id"])
            number = current["result"][0]["current_ticket_id"][1]
            with self.lock:
                self.calls.setdefault(number, sent)
                self.answered.setdefault(number, answered)
            if service_mean:
                time.sleep(min(rng.expovariate(1 / service_mean), 5 * service_mean))
            self._call_kw(session, "action_serve", [counter_id])

    # ------------------------------------------------------------------ the day
    def run(self):
        args = self.args
        listener = threading.Thread(target=self.screen, daemon=True)
        listener.start()
        self.screen_ready.wait(240)
        started = self.started = time.monotonic()
        # The run's tickets are those created after the last one before it: issued_at is stored
        # to the second, so comparing it with a clock reading here would drop the first second's.
        self.since_id = self.last_ticket_id()
        per_kiosk = [
            args.tickets // args.kiosks + (i < args.tickets % args.kiosks)
            for i in range(args.kiosks)
        ]
        kiosks = [
            threading.Thread(target=self.kiosk, args=(count, i))
            for i, count in enumerate(per_kiosk)
        ]
        counters = [threading.Thread(target=self.counter, args=o) for o in self.officers]
        for thread in kiosks + counters:
            thread.start()
        for thread in kiosks:
            thread.join()
        issue_seconds = time.monotonic() - started
        self.kiosks_done.set()
        for thread in counters:
            thread.join()
        elapsed = time.monotonic() - started
        time.sleep(2)
        self.stop.set()
        listener.join(5)
        return self.report(issue_seconds, elapsed)

    def fetch(self, query, params=()):
        """The rows of one query, on a connection of its own."""
        connection = psycopg2.connect(dbname=self.args.db)
        with connection, connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        connection.close()
        return rows

    def last_ticket_id(self):
        return self.fetch("SELECT COALESCE(MAX(id), 0) FROM onestop_ticket")[0][0]

    def report(self, issue_seconds, elapsed):
        args = self.args
        rows = self.fetch(
            "SELECT name, serial, service_group_id, state, called_at IS NOT NULL "
            "FROM onestop_ticket WHERE department_id = %s AND id > %s",
            [self.desk_id, self.since_id],
        )
        names = [row[0] for row in rows]
        gaps = 0
        for service in self.services:
            serials = sorted(row[1] for row in rows if row[2] == service)
            gaps += sum(b - a - 1 for a, b in zip(serials, serials[1:], strict=False))
        latencies = [
            self.seen[number] - sent for number, sent in self.calls.items() if number in self.seen
        ]
        after_answer = [
            self.seen[number] - self.answered[number]
            for number in self.calls
            if number in self.seen
        ]
        requests_s = [self.answered[number] - self.calls[number] for number in self.calls]
        figures = {
            "tickets_asked": args.tickets,
            "tickets_issued": len(self.issued),
            "kiosk_refusals": len(self.failures),
            "tickets_in_database": len(rows),
            "duplicate_numbers": len(names) - len(set(names)),
            "serial_gaps": gaps,
            "tickets_never_called": sum(1 for row in rows if not row[4]),
            "calls": len(self.calls),
            "call_errors": len(self.call_errors),
            "calls_not_on_screen": len([n for n in self.calls if n not in self.seen]),
            "screen_delay_median_s": statistics.median(latencies) if latencies else None,
            "screen_delay_p95_s": percentile(latencies, 0.95),
            "screen_delay_max_s": max(latencies) if latencies else None,
            "call_request_median_s": statistics.median(requests_s) if requests_s else None,
            "call_request_p95_s": percentile(requests_s, 0.95),
            "screen_after_answer_median_s": (
                statistics.median(after_answer) if after_answer else None
            ),
            "screen_after_answer_p95_s": percentile(after_answer, 0.95),
            "issue_seconds": issue_seconds,
            "day_seconds": elapsed,
            "mode": "paced" if args.day_seconds else "saturated",
            "day_seconds_asked": args.day_seconds,
            "kiosks": args.kiosks,
            "counters": args.counters,
            "workers": args.workers,
        }
        width = max(len(key) for key in figures)
        for key, value in figures.items():
            shown = round(value, 3) if isinstance(value, float) else value
            print("%s  %s" % (key.ljust(width), shown))
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                json.dump(figures, handle, indent=2)
        return figures


if __name__ == "__main__":
    main()
