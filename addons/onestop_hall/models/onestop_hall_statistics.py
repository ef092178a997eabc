from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.hall_xlsx import write_workbook

# The figures of the hall for a period, per group: their SQL over the tickets ``t``.
FIGURES = {
    "issued": "count(*)",
    "served": "count(*) FILTER (WHERE t.state = 'done')",
    "no_shows": "count(*) FILTER (WHERE t.state = 'no_show')",
    "cancelled": "count(*) FILTER (WHERE t.state = 'cancelled')",
    "wait_median": "percentile_cont(0.5) WITHIN GROUP (ORDER BY t.wait_minutes) "
    "FILTER (WHERE t.called_at IS NOT NULL)",
    "wait_p90": "percentile_cont(0.9) WITHIN GROUP (ORDER BY t.wait_minutes) "
    "FILTER (WHERE t.called_at IS NOT NULL)",
    "service_median": "percentile_cont(0.5) WITHIN GROUP (ORDER BY t.service_minutes) "
    "FILTER (WHERE t.state = 'done')",
    "service_p90": "percentile_cont(0.9) WITHIN GROUP (ORDER BY t.service_minutes) "
    "FILTER (WHERE t.state = 'done')",
    "without_dossier": "count(*) FILTER (WHERE t.state = 'done' AND t.dossier_count = 0)",
}
GROUPINGS = {
    "total": [],
    "service": ["department_id", "service_group_id"],
    "counter": ["department_id", "counter_id"],
}


class OnestopHallStatistics(models.AbstractModel):
    """The hall's figures for a period (the desks' local days, both included): tickets
    issued, served, no-shows, wait and service times (median, 90th percentile) per service
    and counter, tickets served without a dossier, people waiting per hour of the day.
    Within the caller's record rules on tickets."""

    _name = "onestop.hall.statistics"
    _description = "Hall statistics"

    @api.model
    def _tickets_query(self, date_from, date_to, desks=None):
        self.env["onestop.dossier"].flush_model(["ticket_id"])
        self.env["onestop.ticket"].flush_model()
        domain = [("day", ">=", date_from), ("day", "<=", date_to)]
        if desks:
            domain.append(("department_id", "in", desks.ids))
        return self.env["onestop.ticket"]._search(domain).subselect()

    @api.model
    def compute(self, date_from, date_to, desks=None, groupby="total"):
        """One dict per group of ``groupby`` (``total``, ``service``, ``counter``), with the
        keys of ``FIGURES`` (minutes for times, ``None`` when nothing was measured) and the
        group's ids."""
        if groupby not in GROUPINGS:
            raise UserError(self.env._("The hall's figures group by total, service or counter."))
        keys = GROUPINGS[groupby]
        columns = [SQL("t.%s", SQL.identifier(key)) for key in keys]
        query = SQL(
            "SELECT %s FROM onestop_ticket t WHERE t.id IN (%s) %s ORDER BY %s",
            SQL(", ").join(
                columns
                + [SQL("%s AS %s", SQL(sql), SQL.identifier(k)) for k, sql in FIGURES.items()]
            ),
            self._tickets_query(date_from, date_to, desks),
            SQL("GROUP BY %s", SQL(", ").join(columns)) if columns else SQL(""),
            SQL(", ").join(columns) if columns else SQL("1"),
        )
        self.env.cr.execute(query)
        rows = self.env.cr.dictfetchall()
        if groupby == "total" and not rows:
            rows = [dict.fromkeys(FIGURES, 0)]
        return rows

    @api.model
    def _waiting_by_hour(self, date_from, date_to, desks=None):
        """``{hour: (issued per day, people waiting during the hour per day)}`` for the local
        hours of the day when anyone waited, averaged over the days with tickets."""
        tz = self.env["onestop.statistics"]._statistics_tz().zone
        self.env.cr.execute(
            SQL(
                """
                WITH t AS (
                    SELECT t.day, t.issued_at, t.issued_hour,
                           COALESCE(t.called_at, t.ended_at, t.done_at,
                                    ((t.day + 1)::timestamp AT TIME ZONE %(tz)s)
                                        AT TIME ZONE 'UTC') AS wait_end
                      FROM onestop_ticket t WHERE t.id IN (%(ids)s)
                ), days AS (SELECT greatest(count(DISTINCT day), 1) AS n FROM t),
                hours AS (
                    SELECT h, count(t.day) FILTER (
                               WHERE ((t.day::timestamp + make_interval(hours => h))
                                        AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' < t.wait_end
                                 AND ((t.day::timestamp + make_interval(hours => h + 1))
                                        AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' > t.issued_at
                           ) AS waiting,
                           count(t.day) FILTER (WHERE t.issued_hour = h) AS issued
                      FROM generate_series(0, 23) h CROSS JOIN t
                     GROUP BY h
                )
                SELECT h, issued::float / days.n, waiting::float / days.n
                  FROM hours, days WHERE issued > 0 OR waiting > 0 ORDER BY h
                """,
                tz=tz,
                ids=self._tickets_query(date_from, date_to, desks),
            )
        )
        return {hour: (issued, waiting) for hour, issued, waiting in self.env.cr.fetchall()}

    @api.model
    def _xlsx(self, date_from, date_to, desks=None):
        """The period's figures as an XLSX workbook (bytes)."""
        Department = self.env["onestop.department"]
        Service = self.env["onestop.hall.service"]
        Counter = self.env["onestop.counter"]
        services = [
            (
                Department.browse(row["department_id"]).display_name,
                Service.browse(row["service_group_id"]).name,
                row,
            )
            for row in self.compute(date_from, date_to, desks, "service")
        ]
        counters = [
            (
                Department.browse(row["department_id"]).display_name,
                Counter.browse(row["counter_id"]).name if row["counter_id"] else "-",
                row,
            )
            for row in self.compute(date_from, date_to, desks, "counter")
        ]
        hours = self._waiting_by_hour(date_from, date_to, desks)
        return write_workbook(self.env, date_from, date_to, services, counters, hours)
