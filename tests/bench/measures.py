"""The measurements of the benchmark, each beside its baseline where one exists.

Every function takes an environment (its cursor is rolled back between runs: the database is
left as the generator made it) and returns a dict ``{"value", "unit", "runs", "queries", ...}``
whose ``value`` is the median of the timed runs, after one warm-up run.
"""

import gc
import resource
import statistics
import tempfile
import time
import tracemalloc
from datetime import date

from odoo import api, fields

OPEN_TASK_STATES = ["01_in_progress", "02_changes_requested", "03_approved", "04_waiting_normal"]


def user_env(env, login):
    """The environment of a user as an RPC of the web client gets it (user's context)."""
    user = env["res.users"].sudo().search([("login", "=", login)], limit=1)
    if not user:
        raise LookupError("no user %s in the database" % login)
    context = dict(user.with_user(user).context_get())
    context["allowed_company_ids"] = user.company_ids.ids[:1] or [user.company_id.id]
    return api.Environment(env.cr, user.id, context)


def _run_once(env, function):
    """One run of ``function()`` on empty record caches, rolled back: (seconds, SQL queries,
    its result)."""
    cr = env.cr
    env.invalidate_all()
    before = cr.sql_log_count
    started = time.perf_counter()
    result = function()
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - before
    cr.rollback()
    env.invalidate_all()
    return elapsed, queries, result


def timed(env, function, repeat, warmup=1, unit="s"):
    """Median duration of ``repeat`` runs of ``function()``, after ``warmup`` runs; each run
    starts with empty record caches and ends rolled back. Also counts the SQL queries of the
    last run."""
    times = []
    queries = 0
    result = None
    for index in range(warmup + repeat):
        elapsed, queries, result = _run_once(env, function)
        if index >= warmup:
            times.append(elapsed)
    return {
        "value": statistics.median(times),
        "unit": unit,
        "runs": times,
        "queries": queries,
        "result": result,
    }


def timed_pairs(env, first, second, repeat, warmup=1):
    """``first()`` and ``second()`` timed in alternation, round by round, on the same cursor:
    a measure and its baseline then see the same machine, even when its load changes from one
    second to the next. Returns the two ``timed``-like dicts; each also holds the ratio of every
    round (``paired_ratios``) and their median (``paired_ratio``)."""
    results = [{"runs": [], "unit": "s"}, {"runs": [], "unit": "s"}]
    for index in range(warmup + repeat):
        for function, result in zip((first, second), results, strict=True):
            elapsed, result["queries"], result["result"] = _run_once(env, function)
            if index >= warmup:
                result["runs"].append(elapsed)
    ratios = [a / b for a, b in zip(results[0]["runs"], results[1]["runs"], strict=True) if b]
    for result in results:
        result["value"] = statistics.median(result["runs"])
        result["paired_ratios"] = ratios
        result["paired_ratio"] = statistics.median(ratios) if ratios else None
    return results


def call(env, model, method, kwargs):
    """Call a model method as the JSON-RPC endpoint does (context from the kwargs)."""
    return api.call_kw(env[model], method, [], kwargs)


# ---------------------------------------------------------------------- 1. reception
def receive_dossiers(env, procedure, department, partners, count):
    """Receive ``count`` dossiers as the desk does: create the draft with its documents,
    tick the mandatory ones, ``action_receive``."""
    for index in range(count):
        dossier = env["onestop.dossier"].create(
            {
                "procedure_id": procedure.id,
                "partner_id": partners[index % len(partners)],
                "department_id": department.id,
                "channel": "in_person",
            }
        )
        dossier.document_line_ids.filtered("mandatory").write({"is_submitted": True})
        dossier.action_receive()
        env.flush_all()
    return count


def reception_rate(env, procedure, department, partners, count, repeat):
    """Dossiers received per second through the full action (``receive_dossiers``: code, due
    date, control slip, internal process, chatter message, the applicant's e-mail queued)."""
    measure = timed(
        env, lambda: receive_dossiers(env, procedure, department, partners, count), repeat
    )
    return _per_second(measure, count)


def reception_rate_portal_down(env, procedure, department, partners, count, repeat):
    """``reception_rate`` with the national portal down (onestop_sync: the first endpoint
    at a port nobody listens on): the officers' time must not change, the events wait in the
    outbox. Each run also creates that endpoint (two queries)."""

    def run():
        env["onestop.sync.endpoint"].sudo().create(
            {
                "name": "Bench: portal down",
                "sequence": -1,
                "url": "http://127.0.0.1:9",
                "agency_code": "BENCH",
                "timeout": 2,
            }
        )
        return receive_dossiers(env, procedure, department, partners, count)

    return _per_second(timed(env, run, repeat), count)


def mail_job_rate(env, procedure, department, partners, count, repeat, warmup=1):
    """The applicants' emails written per second by the job that follows the receptions
    (``onestop.mail.queue``: the template rendered in the applicant's language, the chatter
    message, the email queued for the mail server), over the emails of ``count``
    receptions made beforehand (not timed)."""
    cr = env.cr
    Queue = env["onestop.mail.queue"]
    times = []
    queries = 0
    for index in range(warmup + repeat):
        env.invalidate_all()
        receive_dossiers(env, procedure, department, partners, count)
        env.invalidate_all()
        queued = Queue.sudo().search_count([])
        before = cr.sql_log_count
        started = time.perf_counter()
        Queue.sudo()._cron_send(limit=queued)  # as the scheduler runs it
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - before
        cr.rollback()
        env.invalidate_all()
        if index >= warmup:
            times.append(elapsed)
    return _per_second({"runs": times, "queries": queries}, queued)


def task_rate(env, project_id, partners, count, repeat):
    """``project.task`` created per second with a message in its chatter."""
    Task = env["project.task"]

    def run():
        for index in range(count):
            task = Task.create(
                {
                    "name": "Công việc thử tải %d" % index,
                    "project_id": project_id,
                    "partner_id": partners[index % len(partners)],
                    "user_ids": [(4, env.uid)],
                    "date_deadline": fields.Datetime.now(),
                }
            )
            task.message_post(
                body="Đã tiếp nhận công việc.", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            env.flush_all()
        return count

    measure = timed(env, run, repeat)
    return _per_second(measure, count)


def _per_second(measure, count):
    rates = [count / value for value in measure["runs"]]
    return {
        "value": statistics.median(rates),
        "unit": "/s",
        "runs": rates,
        "queries": measure["queries"] / count,
        "higher_is_better": True,
    }


# ---------------------------------------------------------------------- 2. kanban, 3. list
def kanban(env, model, read_group_kwargs, search_read_kwargs, domain, repeat):
    """The first screen of a kanban view: ``web_read_group`` of the columns, then one
    ``web_search_read`` per unfolded, non-empty column (at most 10), as the web client
    does."""
    read_group_kwargs = {**read_group_kwargs, "domain": domain}
    group_field = read_group_kwargs["groupby"][0]

    def run():
        groups = call(env, model, "web_read_group", read_group_kwargs)
        loaded = 0
        opened = 0
        for group in groups["groups"]:
            count = group.get("__count", group.get("%s_count" % group_field, 0))
            if group.get("__fold") or not count or opened >= 10:
                continue
            opened += 1
            value = group[group_field]
            context = dict(search_read_kwargs.get("context") or {})
            context["default_%s" % group_field] = (
                value[0] if isinstance(value, tuple | list) else value
            )
            result = call(
                env,
                model,
                "web_search_read",
                {**search_read_kwargs, "domain": group["__domain"], "context": context},
            )
            loaded += len(result["records"])
        return {"columns": len(groups["groups"]), "opened": opened, "records": loaded}

    return timed(env, run, repeat)


def listing(env, model, search_read_kwargs, domain, repeat, order=None):
    """The first page of a list view: one ``web_search_read``."""
    kwargs = {**search_read_kwargs, "domain": domain, "offset": 0}
    if order is not None:
        kwargs["order"] = order

    def run():
        result = call(env, model, "web_search_read", kwargs)
        return {"records": len(result["records"]), "length": result["length"]}

    return timed(env, run, repeat)


# ---------------------------------------------------------------------- 4. statistics
FLOOR = """
SELECT %(group)s,
       count(*) FILTER (WHERE received_date < %(start)s) AS carried_over,
       count(*) FILTER (WHERE received_date >= %(start)s AND channel = 'online') AS online,
       count(*) FILTER (WHERE received_date >= %(start)s AND channel = 'in_person') AS desk,
       count(*) FILTER (WHERE received_date >= %(start)s AND channel = 'postal') AS postal,
       count(*) FILTER (WHERE resolved_date >= %(start)s AND resolved_date < %(stop)s
                          AND result_timing = 'early') AS early,
       count(*) FILTER (WHERE resolved_date >= %(start)s AND resolved_date < %(stop)s
                          AND result_timing = 'on_time') AS on_time,
       count(*) FILTER (WHERE resolved_date >= %(start)s AND resolved_date < %(stop)s
                          AND result_timing = 'late') AS late,
       count(*) FILTER (WHERE ended_date >= %(start)s AND ended_date < %(stop)s) AS ended,
       count(*) FILTER (WHERE COALESCE(resolved_date, ended_date) IS NULL
                           OR COALESCE(resolved_date, ended_date) >= %(stop)s) AS pending
  FROM onestop_dossier
 WHERE parent_id IS NULL AND received_date < %(stop)s
   AND (COALESCE(resolved_date, ended_date) IS NULL
        OR COALESCE(resolved_date, ended_date) >= %(start)s)
 GROUP BY 1
"""


def _statistics_run(env, date_from, date_to, groupby):
    Statistics = env["onestop.statistics"]

    def run():
        rows = Statistics.compute(date_from, date_to, groupby=groupby)
        return {"groups": len(rows), "to_handle": sum(row["to_handle"] for row in rows)}

    return run


def _floor_run(env, date_from, date_to, grouped):
    """One raw SQL aggregate over the same dossiers and period: the counts that can be read
    straight from the stored columns, in one pass (the floor of what PostgreSQL allows)."""
    bounds = env["onestop.statistics"]._statistics_bounds(date_from, date_to)
    cr = env.cr

    def run():
        cr.execute(
            FLOOR.replace("%(group)s", "department_id" if grouped else "NULL"),
            {"start": bounds["start"], "stop": bounds["stop"]},
        )
        rows = cr.fetchall()
        return {"groups": len(rows)}

    return run


def statistics_compute(env, date_from, date_to, groupby, repeat):
    return timed(env, _statistics_run(env, date_from, date_to, groupby), repeat)


def statistics_and_floor(env, user_env, date_from, date_to, groupby, repeat):
    """``compute()`` as ``user_env``'s user and the floor, interleaved round by round
    (``timed_pairs``): the ratio of the two is the benchmark's target."""
    return timed_pairs(
        env,
        _statistics_run(user_env, date_from, date_to, groupby),
        _floor_run(env, date_from, date_to, bool(groupby)),
        repeat,
    )


def task_read_group(env, date_from, date_to, grouped, repeat):
    """Odoo's own grouped count over as many rows: ``project.task`` ``read_group`` of the
    tasks open at some time in the period (one task per dossier, assigned when the dossier
    was received and ended when it was), by stage in all, by project (one per receiving
    unit) when grouped, as a project user (record rules apply)."""
    bounds = env["onestop.statistics"]._statistics_bounds(date_from, date_to)
    domain = [
        ("date_assign", "<", bounds["stop"]),
        "|",
        ("date_end", "=", False),
        ("date_end", ">=", bounds["start"]),
    ]
    groupby = ["project_id"] if grouped else ["stage_id"]

    def run():
        groups = call(
            env,
            "project.task",
            "read_group",
            {"domain": domain, "fields": ["__count"], "groupby": groupby, "lazy": False},
        )
        return {"groups": len(groups), "tasks": sum(group["__count"] for group in groups)}

    return timed(env, run, repeat)


# ---------------------------------------------------------------------- 5. pivot
def pivot(env, model, row, col, measures, domain, repeat):
    """A pivot with one row and one column group-by, as the web client loads it: one
    ``read_group`` (lazy=False) per combination of the group-bys' prefixes."""
    divisors = [[], [col], [row], [row, col]]
    context = dict(env.context)

    def run():
        cells = 0
        for groupby in divisors:
            result = call(
                env,
                model,
                "read_group",
                {
                    "domain": domain,
                    "fields": measures,
                    "groupby": groupby,
                    "lazy": False,
                    "context": context,
                },
            )
            cells += len(result)
        return {"cells": cells}

    return timed(env, run, repeat)


# ---------------------------------------------------------------------- 7. export
def _reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _peak_rss_kb():
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kb():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class _NoConstantMemory:
    """Stands for the xlsxwriter module in the export's code: the same workbook without
    ``constant_memory`` (every cell kept in memory until the file is closed)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)

    def Workbook(self, fileobj, options=None):  # noqa: N802 - xlsxwriter's name
        return self._module.Workbook(fileobj, {**(options or {}), "constant_memory": False})


def export_xlsx(env, domain, repeat, constant=True):
    """``_onestop_export_xlsx`` (what /onestop/reports/dossiers.xlsx streams) of the dossiers
    of ``domain`` into a temporary file: the median time of ``repeat`` runs and the process's
    resident memory above its level before each; then one run under tracemalloc for the
    peak of the Python heap. ``constant=False`` runs the same code with xlsxwriter's
    ``constant_memory`` off, for comparison."""
    from odoo.addons.onestop_reports.models import onestop_dossier as module  # noqa: PLC0415

    Dossier = env["onestop.dossier"]
    original = module.xlsxwriter
    if not constant:
        module.xlsxwriter = _NoConstantMemory(original)
    times, rss = [], []
    rows = size = 0
    heap_peak = None
    try:
        for index in range(repeat + 2):
            traced = index == repeat + 1
            env.invalidate_all()
            gc.collect()
            reset = _reset_peak_rss()
            rss_before = _rss_kb()
            if traced:
                tracemalloc.start()
            started = time.perf_counter()
            with tempfile.TemporaryFile() as fileobj:
                rows = Dossier._onestop_export_xlsx(domain, fileobj)
                size = fileobj.tell()
            elapsed = time.perf_counter() - started
            if traced:
                heap_peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            elif index:
                times.append(elapsed)
                if reset:
                    rss.append(_peak_rss_kb() - rss_before)
            env.cr.rollback()
    finally:
        module.xlsxwriter = original
    return {
        "value": statistics.median(times),
        "unit": "s",
        "runs": times,
        "heap_peak_mb": heap_peak / 2**20,
        "rss_delta_mb": statistics.median(rss) / 1024 if rss else None,
        "rows": rows,
        "file_mb": size / 2**20,
    }


def last_year(now):
    return date(now.year - 1, 1, 1), date(now.year - 1, 12, 31)
