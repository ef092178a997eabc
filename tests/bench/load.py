"""A load generator for public pages: N concurrent clients on loopback, each a thread with
its own ``http.client`` connection (kept alive when the server allows it; Odoo's prefork
workers answer HTTP/1.0 and close it, as a reverse proxy in front of them would not),
requesting distinct paths in turn for a fixed time. Reports requests per second and the
median, 95th and 99th percentile latencies."""

import http.client
import resource
import statistics
import threading
import time
from urllib.parse import urlsplit


def percentile(sorted_values, share):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


HEADERS = {"Accept-Language": "vi-VN,vi"}


def resolve(base_url, paths, timeout=30.0):
    """The address each path answers at: a page that redirects a Vietnamese visitor (Odoo
    sends /my/... to /vi/my/... when the database's default language is not Vietnamese) is
    measured at its final address, as a browser reaches it after its first visit."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    resolved = []
    try:
        for path in paths:
            for _hop in range(3):
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                location = response.getheader("Location", "")
                connection.close()
                if response.status not in (301, 302, 303, 307, 308) or not location:
                    break
                target = urlsplit(location)
                if target.netloc and target.netloc != url.netloc:
                    break
                path = target.path + ("?" + target.query if target.query else "")
            resolved.append(path)
    finally:
        connection.close()
    return resolved


def run(base_url, paths, clients=32, duration=20.0, warmup=3.0, timeout=30.0, check=None):
    """Drive ``clients`` threads over ``paths`` for ``warmup`` then ``duration`` seconds.

    ``check(status, body)`` returns an error label or None for a good answer."""
    url = urlsplit(base_url)
    host, port = url.hostname, url.port or 80
    latencies = []
    errors = {}
    lock = threading.Lock()
    start_gate = threading.Event()
    state = {"measuring": False, "stop": False}

    def worker(offset):
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        index = offset
        mine, my_errors = [], {}
        start_gate.wait()
        while not state["stop"]:
            path = paths[index % len(paths)]
            index += clients
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                body = response.read()
                label = check(response.status, body) if check else None
                if response.status != 200 and not label:
                    label = "HTTP %s" % response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                label = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
            elapsed = time.perf_counter() - started
            if state["measuring"]:
                mine.append(elapsed)
                if label:
                    my_errors[label] = my_errors.get(label, 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for label, count in my_errors.items():
                errors[label] = errors.get(label, 0) + count

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    start_gate.set()
    time.sleep(warmup)
    state["measuring"] = True
    measured_from = time.perf_counter()
    time.sleep(duration)
    state["measuring"] = False
    measured = time.perf_counter() - measured_from
    state["stop"] = True
    for thread in threads:
        thread.join(timeout + 5)
    usage_after = resource.getrusage(resource.RUSAGE_SELF)
    latencies.sort()
    cpu = (usage_after.ru_utime - usage_before.ru_utime) + (
        usage_after.ru_stime - usage_before.ru_stime
    )
    return {
        "requests": len(latencies),
        "rps": len(latencies) / measured,
        "p50_ms": percentile(latencies, 0.50) * 1000 if latencies else None,
        "p95_ms": percentile(latencies, 0.95) * 1000 if latencies else None,
        "p99_ms": percentile(latencies, 0.99) * 1000 if latencies else None,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None,
        "errors": errors,
        "clients": clients,
        "seconds": measured,
        "client_cpu_share": cpu / (measured + warmup),
    }
