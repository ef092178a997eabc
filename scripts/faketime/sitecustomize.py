"""Loaded by scripts/test-clock.sh only (PYTHONPATH), in the Odoo process it runs under faketime.

The clock-test runs libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1, so that the waits of
threads and locks (timed on the real monotonic clock) keep working. libfaketime 0.9.10 then still
shifts the absolute deadline of clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which is what
Python's time.sleep() calls, and the call fails with EINVAL. time.sleep() waits through select()
instead, whose relative timeout libfaketime leaves alone.
"""

import select
import time


def _sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        select.select([], [], [], remaining)


time.sleep = _sleep
