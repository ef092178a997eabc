"""The statistics of a period, as shared/design/domain.md defines them ("Statistics for a
period"), computed in one SQL query from the dated facts of each dossier."""

import io
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.onestop_base.models.onestop_dossier import CLOSED_STATES

# The figures, in the order of the official report, each a condition on the two classes the
# query gives every dossier: ``stock`` (carried over from before the period, or received in it)
# and ``outcome`` (how it left the period, or where it stands at its end). The rules that give
# these classes live in one place, ``_statistics_outcome_sql`` (shared with the analysis
# report) and the CTE ``f`` of ``_statistics_query``.
FIGURE_CONDITIONS = {
    "carried_over": "f.stock = 'carried'",
    "received_online": "f.stock = 'received' AND f.channel = 'online'",
    "received_in_person": "f.stock = 'received' AND f.channel = 'in_person'",
    "received_postal": "f.stock = 'received' AND f.channel = 'postal'",
    "received_total": "f.stock = 'received'",
    "to_handle": "f.stock IS NOT NULL",
    "resolved_early": "f.outcome = 'early'",
    "resolved_on_time": "f.outcome = 'on_time'",
    "resolved_late": "f.outcome = 'late'",
    "resolved_total": "f.outcome IN ('early', 'on_time', 'late')",
    "pending_within": "f.outcome = 'pending_within'",
    "pending_overdue": "f.outcome = 'pending_overdue'",
    "paused": "f.outcome = 'paused'",
    "refused": "f.outcome = 'refused'",
    "withdrawn": "f.outcome = 'withdrawn'",
    "stopped": "f.outcome = 'stopped'",
    "returned_postal": "f.returned_postal",
}
FIGURES = tuple(FIGURE_CONDITIONS)
RATES = ("on_time_rate", "online_rate")
KEYS = FIGURES + RATES
# Denominators of the online rate: the receipts of procedures offered online (domain.md).
_HIDDEN_CONDITIONS = {
    "_received_offered": "f.stock = 'received' AND f.online_offered",
    "_received_online_offered": "f.stock = 'received' AND f.online_offered "
    "AND f.channel = 'online'",
}

# The official report's columns: (group header, [(figure, sub-header)]); a group with one
# column and no sub-header spans both header rows. A sub-header (field, value) is the label
# of that value of the dossier's field, in Vietnamese (onestop_base's labels of the result
# timings and of the states).
XLSX_TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
XLSX_LAYOUT = [
    (
        "Số hồ sơ phải giải quyết",
        [
            ("to_handle", "Tổng số"),
            ("carried_over", "Kỳ trước chuyển sang"),
            ("received_online", "Tiếp nhận trực tuyến"),
            ("received_in_person", "Tiếp nhận trực tiếp"),
            ("received_postal", "Tiếp nhận qua dịch vụ BCCI"),
            ("received_total", "Tổng tiếp nhận trong kỳ"),
        ],
    ),
    (
        "Số hồ sơ đã giải quyết",
        [
            ("resolved_total", "Tổng số"),
            ("resolved_early", ("result_timing", "early")),
            ("resolved_on_time", ("result_timing", "on_time")),
            ("resolved_late", ("result_timing", "late")),
        ],
    ),
    (
        "Số hồ sơ đang giải quyết",
        [
            ("pending_within", "Trong hạn"),
            ("pending_overdue", "Quá hạn"),
            ("paused", "Chờ bổ sung"),
        ],
    ),
    (
        "Số hồ sơ kết thúc không có kết quả",
        [
            ("refused", ("state", "refused")),
            ("withdrawn", ("state", "withdrawn")),
            ("stopped", ("state", "stopped")),
        ],
    ),
    ("Trả kết quả qua dịch vụ BCCI", [("returned_postal", None)]),
    (
        "Tỷ lệ",
        [("on_time_rate", "Giải quyết trước và đúng hạn"), ("online_rate", "Tiếp nhận trực tuyến")],
    ),
]
XLSX_GROUP_HEADERS = {
    "department_id": "Đơn vị tiếp nhận",
    "department_id.agency_id": "Cơ quan",
    "procedure_id": "Thủ tục hành chính",
    "procedure_id.field_id": "Lĩnh vực",
    "channel": "Kênh tiếp nhận",
}
# Rows (0-based): three title lines, a blank one, two header rows, the column numbers.
XLSX_HEADER_ROW = 4
XLSX_FIRST_DATA_ROW = 7

# Fields a dossier can be grouped by (the last field of a path).
GROUPABLE_TYPES = ("many2one", "selection", "char", "boolean", "integer")


class OnestopStatistics(models.AbstractModel):
    """Period statistics of the dossiers: ``compute()`` is the public entry point."""

    _name = "onestop.statistics"
    _description = "Statistics of a period"

    # ------------------------------------------------------------------ public API
    @api.model
    @api.readonly
    def compute(self, date_from, date_to, groupby=None, domain=None):
        """The statistics of the period from ``date_from`` to ``date_to`` (both days included,
        in the agency's time zone), one dict per group of ``groupby`` (a dossier field or a path
        of many2one fields such as ``procedure_id.field_id``; one dict in all without it), over
        the dossiers of ``domain`` that the caller may read.

        Each dict has the keys of ``KEYS`` and, with ``groupby``, the group's value under the
        key ``groupby``: ``(id, name)`` for a many2one, the raw value otherwise, ``False`` for
        dossiers without one. ``on_time_rate`` and ``online_rate`` are fractions (0 to 1) and
        ``None`` when their denominator is zero (nothing resolved; nothing received of the
        procedures offered online).
        """
        rows = self._statistics_rows(date_from, date_to, groupby, domain)
        return [self._statistics_public(row, groupby) for row in rows]

    @api.model
    @api.readonly
    def compute_with_total(self, date_from, date_to, groupby=None, domain=None):
        """``compute()`` and the totals line of all its groups, for screens and exports:
        ``(groups, total)``."""
        rows = self._statistics_rows(date_from, date_to, groupby, domain)
        total = {key: sum(row[key] for row in rows) for key in (*FIGURES, *_HIDDEN_CONDITIONS)}
        self._statistics_rates(total)
        return (
            [self._statistics_public(row, groupby) for row in rows],
            self._statistics_public(total, None),
        )

    @api.model
    @api.readonly
    def compute_indicators(self, date_from, date_to, domain=None):
        """The service-quality indicators of Decision 766/QĐ-TTg that OneStop measures, for the
        period: on-time rate, online rate, digitisation rate (received dossiers whose documents
        are all digitised, over received) and satisfaction (satisfied ratings given in the
        period over ratings given in it). Rates are fractions, ``None`` without a denominator.
        """
        stats = self.compute(date_from, date_to, domain=domain)[0]
        bounds = self._statistics_bounds(date_from, date_to)
        Dossier = self.env["onestop.dossier"]
        received = Dossier._search(
            expression.AND(
                [
                    domain or [],
                    [
                        ("parent_id", "=", False),
                        ("received_date", ">=", bounds["start"]),
                        ("received_date", "<", bounds["stop"]),
                    ],
                ]
            )
        )
        digitised = Dossier._field_to_sql(Dossier._table, "is_digitised", received)
        [(count, digitised_count)] = self.env.execute_query(
            received.select(SQL("COUNT(*)"), SQL("COUNT(*) FILTER (WHERE %s)", digitised))
        )
        rated = Dossier._search(expression.AND([domain or [], [("parent_id", "=", False)]]))
        Rating = self.env["onestop.dossier.rating"]
        ratings = Rating._search(
            [
                ("dossier_id", "in", rated),
                ("date", ">=", bounds["start"]),
                ("date", "<", bounds["stop"]),
            ]
        )
        satisfied = Rating._field_to_sql(Rating._table, "satisfied", ratings)
        [(rating_count, satisfied_count)] = self.env.execute_query(
            ratings.select(SQL("COUNT(*)"), SQL("COUNT(*) FILTER (WHERE %s)", satisfied))
        )
        return {
            "on_time_rate": stats["on_time_rate"],
            "online_rate": stats["online_rate"],
            "digitisation_rate": digitised_count / count if count else None,
            "satisfaction_rate": satisfied_count / rating_count if rating_count else None,
            "received_total": stats["received_total"],
            "resolved_total": stats["resolved_total"],
            "digitised": digitised_count,
            "ratings": rating_count,
            "satisfied": satisfied_count,
        }

    # ------------------------------------------------------------------ period
    @api.model
    def _statistics_tz(self):
        """The agency's time zone, read from its working calendar."""
        calendar = (
            self.env["onestop.department"]._default_calendar()
            or self.env.company.resource_calendar_id
        )
        return pytz.timezone(calendar.tz or "UTC")

    @api.model
    def _statistics_date(self, value):
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise UserError(
                self.env._("%(value)s is not a date: write it as YYYY-MM-DD.", value=value)
            )
        return day

    @api.model
    def _statistics_bounds(self, date_from, date_to):
        """The period as instants (naive UTC): ``start`` (F, the start of ``date_from``'s day),
        ``stop`` (the end of ``date_to``'s day: the period is [start, stop)), and ``as_of``,
        min(now, stop), the moment at which pending dossiers are judged."""
        date_from, date_to = self._statistics_date(date_from), self._statistics_date(date_to)
        if date_from > date_to:
            raise UserError(
                self.env._(
                    "The period starts on %(start)s, after its end on %(end)s.",
                    start=date_from,
                    end=date_to,
                )
            )
        tz = self._statistics_tz()

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        start, stop = utc(date_from), utc(date_to + timedelta(days=1))
        return {
            "date_from": date_from,
            "date_to": date_to,
            "start": start,
            "stop": stop,
            "as_of": min(fields.Datetime.now(), stop),
            "tz": tz.zone,
        }

    # ------------------------------------------------------------------ query
    @api.model
    def _statistics_fields(self, path, types=GROUPABLE_TYPES):
        """The fields along a dossier field or many2one path (``procedure_id.field_id``), the
        last one of one of ``types``."""
        model = self.env["onestop.dossier"]
        names = (path or "").split(".")
        result = []
        for depth, name in enumerate(names):
            field = model._fields.get(name)
            last = depth == len(names) - 1
            if (
                not field
                or not field.store
                or not field.column_type
                or (not last and field.type != "many2one")
                or (last and field.type not in types)
            ):
                raise UserError(
                    self.env._(
                        "Dossiers cannot be counted by %(path)s: give a stored field of the "
                        "dossier, or a path of many2one fields such as procedure_id.field_id.",
                        path=path,
                    )
                )
            result.append(field)
            if not last:
                model = model.env[field.comodel_name]
        return result

    @api.model
    def _statistics_path(self, path, query, types=GROUPABLE_TYPES):
        """SQL of a dossier field or many2one path in ``query`` (joins added), and the last
        field."""
        path_fields = self._statistics_fields(path, types)
        model = self.env["onestop.dossier"]
        alias = model._table
        for field in path_fields[:-1]:
            comodel = model.env[field.comodel_name]
            alias = query.left_join(alias, field.name, comodel._table, "id", field.name)
            model = comodel
        return model._field_to_sql(alias, path_fields[-1].name, query), path_fields[-1]

    @api.model
    def _statistics_end_sql(self, d):
        """When the dossier of row ``d`` ended: its result, else its end without a result
        (refused, withdrawn, stopped); NULL while it is open."""
        return SQL(
            "CASE WHEN %(d)s.resolved_date IS NOT NULL THEN %(d)s.resolved_date"
            " WHEN %(d)s.state IN %(closed)s THEN %(d)s.ended_date END",
            d=d,
            closed=CLOSED_STATES,
        )

    @api.model
    def _statistics_outcome_sql(self, d, start, stop, as_of):
        """The one rule that classes a dossier, shared by the statistics and the analysis
        report (``report/onestop_dossier_report.py``): SQL of its class in the period
        [``start``, ``stop``) judged at ``as_of`` (``start`` and ``stop`` may be None: no
        bound), ``d`` being the alias of a row with the dossier's columns.

        * ended in the period: ``early``, ``on_time`` or ``late`` for a result, as
          ``WorkingTime.timing()`` decided it when the result was recorded (the stored
          ``result_timing``, against the due date in force then); ``refused``, ``withdrawn``
          or ``stopped`` without a result;
        * still open at the end of the period: ``paused`` when waiting for a supplement at
          ``as_of``, else ``pending_overdue`` or ``pending_within`` by the due date in force
          at ``as_of``;
        * ended before the period: NULL.
        """
        end = self._statistics_end_sql(d)
        ended_in = [SQL("%s IS NOT NULL", end)]
        if start is not None:
            ended_in.append(SQL("%s >= %s", end, start))
        if stop is not None:
            ended_in.append(SQL("%s < %s", end, stop))
        open_at_end = SQL("%s IS NULL", end)
        if stop is not None:
            open_at_end = SQL("(%s OR %s >= %s)", open_at_end, end, stop)
        return SQL(
            """CASE
                WHEN %(ended_in)s THEN
                    CASE WHEN %(d)s.resolved_date IS NOT NULL
                         THEN COALESCE(%(d)s.result_timing, 'on_time')
                         ELSE %(d)s.state END
                WHEN %(open_at_end)s THEN
                    CASE WHEN %(paused)s THEN 'paused'
                         WHEN %(due)s < %(as_of)s THEN 'pending_overdue'
                         ELSE 'pending_within' END
            END""",
            d=d,
            ended_in=SQL(" AND ").join(ended_in),
            open_at_end=open_at_end,
            paused=self._statistics_paused_sql(d, as_of),
            due=self._statistics_due_sql(d, as_of),
            as_of=as_of,
        )

    @api.model
    def _statistics_paused_sql(self, d, as_of):
        """Whether the dossier of row ``d`` was waiting for a supplement at ``as_of``: never
        when its first pause (a stored fact) began at or after it; otherwise one of its
        pauses covers ``as_of``."""
        return SQL(
            """CASE WHEN %(d)s.first_pause_date IS NULL OR %(d)s.first_pause_date >= %(as_of)s
                    THEN FALSE
                    ELSE onestop_paused_at(%(d)s.id, %(as_of)s)
               END""",
            d=d,
            as_of=as_of,
        )

    @api.model
    def _statistics_due_sql(self, d, as_of):
        """The due date in force at ``as_of`` of the dossier of row ``d``: the initial one
        when it never changed, the current one when it last changed (a stored fact) at or
        before ``as_of``; otherwise the last change dated at or before it, else the initial
        one."""
        return SQL(
            """CASE WHEN %(d)s.due_changed_date IS NULL
                    THEN COALESCE(%(d)s.initial_due_date, %(d)s.due_date)
                    WHEN %(d)s.due_changed_date <= %(as_of)s THEN %(d)s.due_date
                    ELSE COALESCE(onestop_due_at(%(d)s.id, %(as_of)s),
                                  %(d)s.initial_due_date, %(d)s.due_date)
               END""",
            d=d,
            as_of=as_of,
        )

    @api.model
    def _statistics_online_offered_sql(self, d):
        """Whether the procedure was offered online when the dossier of row ``d`` was
        received: its snapshot of the procedure's online level (filled from the procedure
        for dossiers received before the snapshot existed: onestop_base's migration)."""
        return SQL("COALESCE(%s.online_level, 'none') != 'none'", d)

    @api.model
    def _statistics_query(self, bounds, groupby=None, domain=None):
        """The CTEs ``d`` (the dossiers of the caller's scope that the period may count) and
        ``f`` (their class in the period: ``stock``, and ``outcome`` by
        ``_statistics_outcome_sql()``), as SQL to prefix a ``SELECT ... FROM f``; and the
        group field. ``None`` when no dossier can match."""
        Dossier = self.env["onestop.dossier"]
        # Only received dossiers count (one refused at intake was never received), and only the
        # parent of an inter-agency dossier, at the unit that received it.
        scope = [
            ("parent_id", "=", False),
            ("received_date", "!=", False),
            ("received_date", "<", bounds["stop"]),
        ]
        try:
            query = Dossier._search(expression.AND([domain or [], scope]))
        except (ValueError, KeyError, TypeError, AssertionError) as exc:
            raise UserError(
                self.env._("The dossier filter is not valid: %(error)s", error=exc)
            ) from exc
        if query.is_empty():
            return None, None
        group_sql, group_field = (
            self._statistics_path(groupby, query) if groupby else (SQL("NULL"), None)
        )

        def col(name):
            return Dossier._field_to_sql(Dossier._table, name, query)

        resolved, ended, returned = col("resolved_date"), col("ended_date"), col("returned_date")
        # What the period cannot count: ended before it started (and not returned in it).
        query.add_where(
            SQL(
                "(COALESCE(%(resolved)s, %(ended)s) IS NULL OR COALESCE(%(resolved)s, %(ended)s)"
                " >= %(start)s OR %(returned)s >= %(start)s)",
                resolved=resolved,
                ended=ended,
                returned=returned,
                start=bounds["start"],
            )
        )
        d_sql = query.subselect(
            SQL("%s AS id", col("id")),
            SQL("%s AS gkey", group_sql),
            *(
                SQL("%s AS %s", col(name), SQL.identifier(name))
                for name in (
                    "received_date",
                    "channel",
                    "state",
                    "due_date",
                    "initial_due_date",
                    "resolved_date",
                    "ended_date",
                    "returned_date",
                    "return_method",
                    "result_timing",
                    "online_level",
                    "due_changed_date",
                    "first_pause_date",
                )
            ),
        )
        for model, names in (
            ("onestop.dossier.pause", ["dossier_id", "date_start", "date_end"]),
            ("onestop.dossier.deadline", ["dossier_id", "date", "due_after"]),
        ):
            self.env[model].flush_model(names)
        start, stop, as_of = bounds["start"], bounds["stop"], bounds["as_of"]
        d = SQL("d")
        sql = SQL(
            """
            WITH d AS %(d_sql)s,
            f AS (
                SELECT d.id, d.gkey, d.channel, %(online_offered)s AS online_offered,
                       CASE WHEN d.received_date >= %(start)s THEN 'received'
                            WHEN %(end)s IS NULL OR %(end)s >= %(start)s THEN 'carried'
                       END AS stock,
                       %(outcome)s AS outcome,
                       COALESCE(d.returned_date >= %(start)s AND d.returned_date < %(stop)s
                                AND d.return_method = 'postal', FALSE) AS returned_postal
                  FROM d
            )
            """,
            d_sql=d_sql,
            end=self._statistics_end_sql(d),
            outcome=self._statistics_outcome_sql(d, start, stop, as_of),
            online_offered=self._statistics_online_offered_sql(d),
            start=start,
            stop=stop,
        )
        return sql, group_field

    @api.model
    def _statistics_rows(self, date_from, date_to, groupby=None, domain=None):
        """Raw rows: the figures and the hidden denominators, per group (``gkey``)."""
        bounds = self._statistics_bounds(date_from, date_to)
        ctes, group_field = self._statistics_query(bounds, groupby, domain)
        counters = {**FIGURE_CONDITIONS, **_HIDDEN_CONDITIONS}
        rows = []
        if ctes is not None:
            result = self._statistics_execute(self._statistics_aggregate(ctes))
            for values in result:
                row = dict(zip(("gkey", *counters), values, strict=True))
                # A group whose dossiers count nowhere in the period is no line of the report.
                if groupby and not any(row[key] for key in counters):
                    continue
                rows.append(row)
        if not groupby and not rows:
            rows.append({"gkey": None, **dict.fromkeys(counters, 0)})
        names = self._statistics_group_names(group_field, [row["gkey"] for row in rows])
        for row in rows:
            self._statistics_rates(row)
            key = row["gkey"]
            if group_field is None or key is None:
                row["group"] = False
            elif group_field.type == "many2one":
                row["group"] = (key, names[key])
            else:
                row["group"] = key
        if groupby:
            rows.sort(key=lambda row: self._statistics_group_sort(row["group"]))
        return rows

    @api.model
    def _statistics_execute(self, sql):
        """Run the statistics query without PostgreSQL's JIT compilation (on a year of a
        million dossiers, compiling the query costs more than running it) and without sorts:
        the planner cannot know that the classes of the dossiers are a few dozen, estimates
        as many groups as dossiers and sorts them all (to disk) to count them; hashing them
        is 2 to 3 times faster (docs/performance.md)."""
        cr = self.env.cr
        cr.execute(
            "SELECT current_setting('jit'), current_setting('enable_sort'),"
            " set_config('jit', 'off', true), set_config('enable_sort', 'off', true)"
        )
        [(jit, enable_sort, _jit, _sort)] = cr.fetchall()
        try:
            return self.env.execute_query(sql)
        finally:
            cr.execute(
                SQL(
                    "SELECT set_config('jit', %s, true), set_config('enable_sort', %s, true)",
                    jit,
                    enable_sort,
                )
            )

    @api.model
    def _statistics_aggregate(self, ctes):
        """The grouped aggregates over the CTEs: one count per figure, FILTERed by its rule.

        The dossiers are first counted by class (group, stock, outcome, channel and the two
        flags: a few dozen rows), then each figure adds up the classes its rule selects. The
        rules read the classes under the alias ``f``, as they read the dossiers elsewhere;
        hashing each dossier once costs less than testing every rule on it."""
        counters = {**FIGURE_CONDITIONS, **_HIDDEN_CONDITIONS}
        select = SQL(", ").join(
            SQL(
                "COALESCE(SUM(f.n) FILTER (WHERE %s), 0)::bigint AS %s",
                SQL(condition),
                SQL.identifier(key),
            )
            for key, condition in counters.items()
        )
        return SQL(
            """%s, classes AS (
                SELECT f.gkey, f.stock, f.outcome, f.channel, f.online_offered,
                       f.returned_postal, COUNT(*) AS n
                  FROM f GROUP BY 1, 2, 3, 4, 5, 6
            )
            SELECT f.gkey, %s FROM classes f GROUP BY f.gkey""",
            ctes,
            select,
        )

    @api.model
    def _statistics_rates(self, row):
        resolved = row["resolved_total"]
        row["on_time_rate"] = (
            (row["resolved_early"] + row["resolved_on_time"]) / resolved if resolved else None
        )
        offered = row["_received_offered"]
        row["online_rate"] = row["_received_online_offered"] / offered if offered else None
        return row

    @api.model
    def _statistics_group_names(self, field, keys):
        """The names of the records that many2one groups stand for, read at once (as superuser:
        the caller may read the dossiers counted under them, and sees only their names)."""
        if field is None or field.type != "many2one":
            return {}
        records = (
            self.env[field.comodel_name]
            .sudo()
            .with_context(active_test=False)
            .browse([key for key in keys if key is not None])
        )
        return {record.id: record.display_name for record in records}

    @api.model
    def _statistics_group_sort(self, group):
        if group is False or group is None:
            return (1, "")
        if isinstance(group, tuple):
            return (0, group[1] or "")
        return (0, str(group))

    @api.model
    def _statistics_public(self, row, groupby):
        result = {key: row[key] for key in KEYS}
        if groupby:
            result[groupby] = row["group"]
        return result

    @api.model
    def _statistics_group_label(self, groupby, group):
        """How a group is named on screens and in exports."""
        if not groupby:
            return self.env._("All dossiers")
        if group is False or group is None:
            return self.env._("Undefined")
        if isinstance(group, tuple):
            return group[1]
        field = self._statistics_fields(groupby)[-1]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(group, group)
        return str(group)

    # ------------------------------------------------------------------ drill-down
    @api.model
    def _statistics_dossier_query(
        self, date_from, date_to, figure, groupby=None, group=None, domain=None
    ):
        """SQL of the ids of the dossiers one figure counts (for one group, or for all when
        ``group`` is the string ``"__all__"``)."""
        if figure not in FIGURE_CONDITIONS:
            raise UserError(
                self.env._("%(figure)s is not a figure of the statistics.", figure=figure)
            )
        bounds = self._statistics_bounds(date_from, date_to)
        ctes, group_field = self._statistics_query(bounds, groupby, domain)
        if ctes is None:
            return SQL("(SELECT 1 WHERE FALSE)")
        condition = SQL(FIGURE_CONDITIONS[figure])
        if groupby and group != "__all__":
            if isinstance(group, list | tuple):
                group = group[0] if group else None
            if group is False:
                group = None
            if group is not None and group_field.type in ("many2one", "integer"):
                try:
                    group = int(group)
                except (TypeError, ValueError) as exc:
                    raise UserError(
                        self.env._(
                            "%(group)s is not a group of %(groupby)s.", group=group, groupby=groupby
                        )
                    ) from exc
            condition = SQL("%s AND f.gkey IS NOT DISTINCT FROM %s", condition, group)
        return SQL("(%s SELECT f.id FROM f WHERE %s)", ctes, condition)

    # ------------------------------------------------------------------ XLSX
    @api.model
    def _statistics_xlsx_label(self, label):
        """A sub-header of ``XLSX_LAYOUT``: a string, or (field, value) of the dossier, whose
        label onestop_base gives in the context's language."""
        if isinstance(label, tuple):
            return self.env["onestop.dossier"]._onestop_label(*label)
        return label

    @api.model
    def _statistics_xlsx(self, date_from, date_to, groupby=None, domain=None):
        """The statistics table as an XLSX file (bytes), laid out like the official report:
        Vietnamese headers on two rows with merged cells, one line per group, the totals, the
        period and the time of printing."""
        groups, total = self.compute_with_total(date_from, date_to, groupby, domain)
        bounds = self._statistics_bounds(date_from, date_to)
        tz = pytz.timezone(bounds["tz"])
        vi = self
        if self.env["res.lang"]._lang_get("vi_VN"):
            vi = self.with_context(lang="vi_VN")

        def local(moment):
            return pytz.utc.localize(moment).astimezone(tz).strftime("%H:%M %d/%m/%Y")

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("Bao cao")
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
        title = workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        subtitle = workbook.add_format({**base, "italic": True, "align": "center"})
        header = workbook.add_format(
            {
                **base,
                "bold": True,
                "border": 1,
                "align": "center",
                "text_wrap": True,
                "bg_color": "#DCE6F1",
            }
        )
        number_row = workbook.add_format({**base, "italic": True, "border": 1, "align": "center"})
        text = workbook.add_format({**base, "border": 1, "text_wrap": True})
        number = workbook.add_format({**base, "border": 1, "num_format": "#,##0"})
        rate = workbook.add_format({**base, "border": 1, "num_format": "0.0%"})
        total_text = workbook.add_format({**base, "border": 1, "bold": True})
        total_number = workbook.add_format(
            {**base, "border": 1, "bold": True, "num_format": "#,##0"}
        )
        total_rate = workbook.add_format({**base, "border": 1, "bold": True, "num_format": "0.0%"})

        columns = [key for _group, subs in XLSX_LAYOUT for key, _label in subs]
        last_col = len(columns) + 1
        sheet.merge_range(0, 0, 0, last_col, XLSX_TITLE, title)
        sheet.merge_range(
            1,
            0,
            1,
            last_col,
            "Kỳ báo cáo: từ ngày %s đến ngày %s"
            % (bounds["date_from"].strftime("%d/%m/%Y"), bounds["date_to"].strftime("%d/%m/%Y")),
            subtitle,
        )
        sheet.merge_range(
            2,
            0,
            2,
            last_col,
            "Số liệu tính đến %s - Thời điểm in: %s"
            % (local(bounds["as_of"]), local(fields.Datetime.now())),
            subtitle,
        )
        top, sub = XLSX_HEADER_ROW, XLSX_HEADER_ROW + 1
        sheet.merge_range(top, 0, sub, 0, "STT", header)
        sheet.merge_range(top, 1, sub, 1, XLSX_GROUP_HEADERS.get(groupby, "Đơn vị"), header)
        col = 2
        for group_label, subs in XLSX_LAYOUT:
            if len(subs) == 1 and subs[0][1] is None:
                sheet.merge_range(top, col, sub, col, group_label, header)
            else:
                sheet.merge_range(top, col, top, col + len(subs) - 1, group_label, header)
                for offset, (_key, label) in enumerate(subs):
                    sheet.write(sub, col + offset, vi._statistics_xlsx_label(label), header)
            col += len(subs)
        for index in range(last_col + 1):
            sheet.write(sub + 1, index, "(%d)" % (index + 1), number_row)
        sheet.set_row(top, 30)
        sheet.set_row(sub, 45)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, last_col, 12)

        def write_line(row, serial, label, values, formats):
            text_format, number_format, rate_format = formats
            sheet.write(row, 0, serial, text_format)
            sheet.write(row, 1, label, text_format)
            for offset, key in enumerate(columns):
                value = values[key]
                if key in RATES:
                    if value is None:
                        sheet.write_blank(row, 2 + offset, None, rate_format)
                    else:
                        sheet.write_number(row, 2 + offset, value, rate_format)
                else:
                    sheet.write_number(row, 2 + offset, value, number_format)

        row = XLSX_FIRST_DATA_ROW
        if groupby:
            for serial, values in enumerate(groups, start=1):
                label = vi._statistics_group_label(groupby, values[groupby])
                write_line(row, serial, label, values, (text, number, rate))
                row += 1
        write_line(row, "", "Tổng cộng", total, (total_text, total_number, total_rate))
        sheet.freeze_panes(XLSX_FIRST_DATA_ROW, 2)
        workbook.close()
        return buffer.getvalue()
