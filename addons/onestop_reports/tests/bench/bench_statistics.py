"""Benchmark of the period statistics (onestop.statistics.compute) on many dossiers.

    $ONESTOP_VENV/bin/python addons/onestop_reports/tests/bench/bench_statistics.py \\
        --db DB [--n 200000] [--repeat 5] [--addons-path PATHS] [--explain]

DB is a database with onestop_reports installed. Inside one transaction that is rolled back
at the end (the database is left as it was), the script creates 20 reception desks and 30
procedures, then N dossiers in bulk with SQL, received over the last two years, with realistic
channels (55 % in person, 35 % online, 10 % by post), outcomes (resolved early, on time or
late, refused, withdrawn, stopped, still open), pauses for supplements (12 %), new
appointment dates (3 %), inter-agency parts (2 %) and returns (10 % by post). It then runs
``compute`` for the last full calendar year, ungrouped and grouped by receiving unit, as the
administrator (record rules applied), and prints the median time of the runs beside a floor:
a raw ``SELECT count(*) ... GROUP BY`` over the same dossiers and year.

It is not a unit test: the test runner does not import it.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/src")

GENERATE = """
CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
WITH s AS (
    SELECT i,
           nextval('onestop_dossier_id_seq') AS id,
           -- a working moment of the last two years: 07:00 to 16:00 local (UTC+7)
           date_trunc('day', %(start)s::timestamp + random() * %(days)s * interval '1 day')
               + interval '1 minute' * floor(random() * 540) AS received,
           random() AS r_channel, random() AS r_outcome, random() AS r_timing,
           random() AS r_return, random() AS r_pause, random() AS r_len, random() AS r_child,
           1 + floor(random() * 20)::int AS limit_days,
           (%(departments)s::int[])[1 + floor(random() * %(n_departments)s)::int] AS department_id,
           (%(procedures)s::int[])[1 + floor(random() * %(n_procedures)s)::int] AS procedure_id
      FROM generate_series(1, %(n)s) AS i
), p AS (
    SELECT s.*,
           CASE WHEN r_channel < 0.55 THEN 'in_person'
                WHEN r_channel < 0.90 THEN 'online' ELSE 'postal' END AS channel,
           -- the appointment date: the end of a working day, ~1.4 calendar days a working day
           date_trunc('day', received + limit_days * interval '34 hours') + interval '10 hours'
               AS due0,
           r_pause < 0.12 AS paused,
           received + interval '1 day' AS pause_start,
           (1 + floor(r_len * 5)) * interval '1 day' AS pause_len,
           r_pause >= 0.12 AND r_pause < 0.15 AS rescheduled
      FROM s
), q AS (
    SELECT p.*,
           CASE WHEN paused THEN pause_start + pause_len END AS pause_end,
           CASE WHEN paused THEN due0 + pause_len ELSE due0 END AS due1
      FROM p
), r AS (
    SELECT q.*,
           CASE WHEN rescheduled
                THEN GREATEST(received + interval '2 days', pause_end + interval '1 hour') END
               AS resched_date,
           CASE WHEN rescheduled THEN due1 + interval '3 days' ELSE due1 END AS due_final
      FROM q
), t AS (
    SELECT r.*,
           CASE WHEN r_outcome < 0.04 THEN 'refused'
                WHEN r_outcome < 0.06 THEN 'withdrawn'
                WHEN r_outcome < 0.07 THEN 'stopped' ELSE 'resolved' END AS plan,
           GREATEST(
               CASE WHEN r_outcome < 0.07 THEN received + (1 + 5 * r_len) * interval '1 day'
                    WHEN r_timing < 0.65
                    THEN received + (due_final - received) * (0.2 + 0.5 * r_len)
                    WHEN r_timing < 0.90 THEN due_final - interval '2 hours' * r_len
                    ELSE due_final + (1 + 10 * r_len) * interval '1 day' END,
               COALESCE(pause_end, received), COALESCE(resched_date, received)
           ) + interval '1 hour' AS planned_end
      FROM r
)
SELECT t.*,
       planned_end <= %(now)s AS ended,
       CASE WHEN rescheduled AND resched_date <= %(now)s THEN due_final
            WHEN paused AND pause_end <= %(now)s THEN due1 ELSE due0 END AS due_now
  FROM t
"""

INSERT_DOSSIERS = """
INSERT INTO onestop_dossier (
    id, name, procedure_id, field_id, partner_id, channel, department_id, company_id, state,
    received_date, due_date, initial_due_date, resolved_date, returned_date, ended_date,
    return_method, result_timing, paused_hours, is_digitised, tracking_token, priority,
    parent_id, active, create_uid, write_uid, create_date, write_date)
SELECT b.id,
       'BENCH-' || lpad(b.i::text, 8, '0'),
       b.procedure_id, proc.field_id, %(partner)s, b.channel, b.department_id, dep.company_id,
       CASE WHEN NOT b.ended THEN
                CASE WHEN b.paused AND b.pause_start <= %(now)s AND b.pause_end > %(now)s
                     THEN 'waiting_supplement' ELSE 'processing' END
            WHEN b.plan != 'resolved' THEN b.plan
            WHEN b.r_return < 0.8 AND b.planned_end + interval '1 day' <= %(now)s
            THEN 'returned' ELSE 'resolved' END,
       b.received, b.due_now, b.due0,
       CASE WHEN b.ended AND b.plan = 'resolved' THEN b.planned_end END,
       CASE WHEN b.ended AND b.plan = 'resolved' AND b.r_return < 0.8
                 AND b.planned_end + interval '1 day' <= %(now)s
            THEN b.planned_end + interval '1 day' END,
       CASE WHEN b.ended AND b.plan != 'resolved' THEN b.planned_end END,
       CASE WHEN b.channel = 'postal' OR b.r_return > 0.9 THEN 'postal'
            WHEN b.r_return > 0.5 THEN 'online' ELSE 'desk' END,
       CASE WHEN b.ended AND b.plan = 'resolved' THEN
            CASE WHEN b.planned_end > b.due_final THEN 'late'
                 WHEN (b.planned_end + interval '7 hours')::date
                      < (b.due_final + interval '7 hours')::date THEN 'early'
                 ELSE 'on_time' END END,
       CASE WHEN b.paused AND b.pause_end <= %(now)s
            THEN extract(epoch FROM b.pause_len) / 3600.0 / 3 ELSE 0 END,
       b.r_len < 0.6,
       'bench-' || b.i,
       '0',
       CASE WHEN b.r_child < 0.02 THEN %(parent)s END,
       TRUE, 1, 1, %(now)s, %(now)s
  FROM bench_plan b
  JOIN onestop_procedure proc ON proc.id = b.procedure_id
  JOIN onestop_department dep ON dep.id = b.department_id
"""

INSERT_PAUSES = """
INSERT INTO onestop_dossier_pause (dossier_id, date_start, date_end, working_hours, state_before,
                                   create_uid, write_uid, create_date, write_date)
SELECT id, pause_start, CASE WHEN pause_end <= %(now)s THEN pause_end END,
       extract(epoch FROM pause_len) / 3600.0 / 3, 'processing', 1, 1, %(now)s, %(now)s
  FROM bench_plan
 WHERE paused AND pause_start <= %(now)s
"""

INSERT_DEADLINES = """
INSERT INTO onestop_dossier_deadline (dossier_id, date, due_before, due_after, kind,
                                      create_uid, write_uid, create_date, write_date)
SELECT id, pause_end, due0, due1, 'pause', 1, 1, %(now)s, %(now)s
  FROM bench_plan WHERE paused AND pause_end <= %(now)s
UNION ALL
SELECT id, resched_date, due1, due_final, 'reschedule', 1, 1, %(now)s, %(now)s
  FROM bench_plan WHERE rescheduled AND resched_date <= %(now)s
"""

FLOOR_GROUPED = """
SELECT department_id, count(*) FROM onestop_dossier
 WHERE received_date >= %(start)s AND received_date < %(stop)s GROUP BY department_id
"""
FLOOR_TOTAL = """
SELECT count(*) FROM onestop_dossier WHERE received_date >= %(start)s AND received_date < %(stop)s
"""


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def timed(function, repeat):
    """Median and all times (seconds) of ``repeat`` runs after one warm-up run."""
    result = function()
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def reference_data(env):
    """20 desks under a bench agency, 3 fields, 30 procedures (two thirds offered online)."""
    Department = env["onestop.department"]
    agency = Department.create({"name": "Bench agency", "kind": "agency", "code": "B00.00.00.B00"})
    desks = Department.create(
        [
            {
                "name": "Bench desk %02d" % index,
                "kind": "desk",
                "parent_id": agency.id,
                "code": "B00.00.%02d.B00" % index,
            }
            for index in range(1, 21)
        ]
    )
    fields = env["onestop.procedure.field"].create(
        [{"name": "Bench field %d" % index} for index in range(3)]
    )
    procedures = env["onestop.procedure"].create(
        [
            {
                "name": "Bench procedure %02d" % index,
                "code": "B.%06d" % index,
                "field_id": fields[index % 3].id,
                "time_limit": 1 + index % 15,
                "online_level": ("none", "partial", "full")[index % 3],
                "receiving_department_ids": [(6, 0, desks.ids)],
            }
            for index in range(30)
        ]
    )
    partner = env["res.partner"].create({"name": "Bench applicant", "street": "Bench street"})
    return desks, procedures, partner


def generate(env, n, now):
    desks, procedures, partner = reference_data(env)
    cr = env.cr
    start = datetime(now.year - 2, now.month, 1)
    params = {
        "n": n,
        "now": now,
        "start": start,
        "days": (now - start).days,
        "departments": desks.ids,
        "n_departments": len(desks),
        "procedures": procedures.ids,
        "n_procedures": len(procedures),
        "partner": partner.id,
    }
    env.flush_all()
    started = time.perf_counter()
    cr.execute(GENERATE, params)
    say("  %-17s %9d rows in %6.1f s" % ("plan", cr.rowcount, time.perf_counter() - started))
    cr.execute("SELECT min(id) FROM bench_plan")
    params["parent"] = cr.fetchone()[0]
    steps = [
        ("dossiers", INSERT_DOSSIERS),
        ("pauses", INSERT_PAUSES),
        ("deadline changes", INSERT_DEADLINES),
    ]
    for label, sql in steps:
        started = time.perf_counter()
        cr.execute(sql, params)
        say("  %-17s %9d rows in %6.1f s" % (label, cr.rowcount, time.perf_counter() - started))
    started = time.perf_counter()
    # The stored facts the primitives would have written (the last change of the due date,
    # the first pause, the online level at reception), from the history just inserted.
    filled = env["onestop.dossier"]._onestop_fill_facts()
    say(
        "  %-17s %9d rows in %6.1f s"
        % ("stored facts", sum(filled.values()), time.perf_counter() - started)
    )
    started = time.perf_counter()
    cr.execute("ANALYZE onestop_dossier, onestop_dossier_pause, onestop_dossier_deadline")
    say("  %-17s %9s      in %6.1f s" % ("analyze", "", time.perf_counter() - started))
    env.invalidate_all()


def check_identities(row):
    assert row["to_handle"] == row["carried_over"] + row["received_total"], row
    assert row["to_handle"] == (
        row["resolved_total"]
        + row["refused"]
        + row["withdrawn"]
        + row["stopped"]
        + row["pending_within"]
        + row["pending_overdue"]
        + row["paused"]
    ), row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database with onestop_reports installed")
    parser.add_argument("--n", type=int, default=200000, help="dossiers to generate")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measure")
    parser.add_argument(
        "--addons-path",
        default=",".join(
            [
                os.path.join(ODOO_SRC, "odoo", "addons"),
                os.path.join(ODOO_SRC, "addons"),
                os.path.join(ROOT, "addons"),
            ]
        ),
    )
    parser.add_argument("--config", default=os.path.join(ROOT, "odoo.conf"))
    parser.add_argument("--explain", action="store_true", help="print the query plan")
    args = parser.parse_args()

    sys.path.insert(0, ODOO_SRC)
    import odoo  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    odoo.tools.config.parse_config(
        ["-c", args.config, "--addons-path", args.addons_path, "--log-level", "warn"]
    )
    registry = odoo.modules.registry.Registry(args.db)
    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        now = odoo.fields.Datetime.now()
        say("Generating %d dossiers in %s (rolled back at the end)..." % (args.n, args.db))
        generate(env, args.n, now)
        year = now.year - 1
        period = (date(year, 1, 1), date(year, 12, 31))
        admin = env.ref("base.user_admin")
        Statistics = odoo.api.Environment(cr, admin.id, {})["onestop.statistics"]
        bounds = Statistics._statistics_bounds(*period)
        cr.execute("SELECT count(*) FROM onestop_dossier")
        say("Dossiers in the table: %d; period: %s to %s" % (cr.fetchone()[0], *period))

        def run(groupby, dates=period):
            env.invalidate_all()
            return Statistics.compute(*dates, groupby=groupby)

        month = (date(year, 12, 1), date(year, 12, 31))

        def floor(sql):
            def query():
                cr.execute(sql, {"start": bounds["start"], "stop": bounds["stop"]})
                return cr.fetchall()

            return query

        measures = [
            ("compute(), ungrouped", lambda: run(None)),
            ("compute(), by receiving unit", lambda: run("department_id")),
            ("compute(), by field (a path)", lambda: run("procedure_id.field_id")),
            ("compute(), December, by unit", lambda: run("department_id", month)),
            ("floor: count(*)", floor(FLOOR_TOTAL)),
            ("floor: count(*) GROUP BY unit", floor(FLOOR_GROUPED)),
        ]
        say("Median of %d runs (after one warm-up run):" % args.repeat)
        for label, function in measures:
            median, times, result = timed(function, args.repeat)
            say(
                "  %-30s %8.3f s   (runs: %s)"
                % (label, median, ", ".join("%.3f" % value for value in times))
            )
            if label.startswith("compute"):
                for row in result:
                    check_identities(row)
                if label.endswith("ungrouped"):
                    total = result[0]
                    say(
                        "    to handle %(to_handle)d = carried over %(carried_over)d + received "
                        "%(received_total)d; resolved %(resolved_total)d (early %(resolved_early)d"
                        ", on time %(resolved_on_time)d, late %(resolved_late)d)" % total
                    )
                else:
                    say("    %d groups; the identities hold in each" % len(result))
        if args.explain:
            for dates in (period, month):
                ctes, _field = Statistics._statistics_query(
                    Statistics._statistics_bounds(*dates), "department_id"
                )
                cr.execute("SET LOCAL jit = off")
                cr.execute(
                    SQL("EXPLAIN (ANALYZE, BUFFERS) %s", Statistics._statistics_aggregate(ctes))
                )
                say("Plan, %s to %s, by receiving unit:" % dates)
                for (line,) in cr.fetchall():
                    say(line)
    finally:
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    main()
