"""Loaded by scripts/test-clock.sh only (PYTHONPATH), in the Odoo process it runs under faketime.

The clock-test runs libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1, so that the waits of
threads and locks (timed on the real monotonic clock) keep working. libfaketime 0.9.10 then still
shifts the absolute deadline of clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which is what
Python's time.sleep() calls, and the call fails with EINVAL. time.sleep() waits through select()
instead, whose relative timeout libfaketime leaves alone.
"""

import select
import time


def _sleep(seconds, _monotonic=time.monotonic, _select=select.select):
    # The real monotonic clock, bound here: freezegun's frozen one (tests that freeze time,
    # tours among them) would never let the sleep end.
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = _monotonic() + seconds
    while True:
        remaining = deadline - _monotonic()
        if remaining <= 0:
            return
        _select([], [], [], remaining)


time.sleep = _sleep
