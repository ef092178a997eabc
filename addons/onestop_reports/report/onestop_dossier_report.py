from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.onestop_base.models.onestop_dossier import CHANNELS, RETURN_METHODS, STATES

OUTCOMES = [
    ("early", "Resolved early"),
    ("on_time", "Resolved on time"),
    ("late", "Resolved late"),
    ("pending_within", "Pending, within deadline"),
    ("pending_overdue", "Pending, overdue"),
    ("paused", "Waiting for supplement"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("stopped", "Stopped"),
]


class OnestopDossierReport(models.Model):
    """Dossier analysis: one row per received dossier (parents of inter-agency dossiers only)
    with its facts, where it stands now, and measures for pivot and graph views."""

    _name = "onestop.dossier.report"
    _description = "Dossier analysis"
    _auto = False
    _rec_name = "name"
    _order = "received_date desc, id desc"
    _depends = {
        "onestop.dossier": [
            "name",
            "company_id",
            "department_id",
            "procedure_id",
            "field_id",
            "channel",
            "state",
            "user_id",
            "return_method",
            "received_date",
            "due_date",
            "resolved_date",
            "returned_date",
            "ended_date",
            "is_digitised",
            "result_timing",
            "initial_due_date",
            "online_level",
            "due_changed_date",
            "first_pause_date",
            "report_working_days",
            "report_days_late",
            "report_paused_days",
            "parent_id",
            "active",
        ],
        "onestop.department": ["agency_id"],
        "onestop.dossier.rating": ["dossier_id", "date", "satisfied"],
        "onestop.dossier.pause": ["dossier_id", "date_start", "date_end"],
        "onestop.dossier.deadline": ["dossier_id", "date", "due_after"],
    }

    dossier_id = fields.Many2one("onestop.dossier", string="Dossier", readonly=True)
    name = fields.Char(string="Code", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("onestop.department", string="Receiving unit", readonly=True)
    agency_id = fields.Many2one("onestop.department", string="Agency", readonly=True)
    procedure_id = fields.Many2one("onestop.procedure", string="Procedure", readonly=True)
    field_id = fields.Many2one("onestop.procedure.field", string="Field", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATES, string="Status", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    return_method = fields.Selection(RETURN_METHODS, readonly=True)
    received_date = fields.Datetime(readonly=True)
    due_date = fields.Datetime(string="Appointment date", readonly=True)
    resolved_date = fields.Datetime(readonly=True)
    returned_date = fields.Datetime(readonly=True)
    ended_date = fields.Datetime(readonly=True)
    rating_date = fields.Datetime(readonly=True)
    outcome = fields.Selection(
        OUTCOMES,
        readonly=True,
        help="Early, on time or late for a resolved dossier; otherwise where it stands now: "
        "pending within its deadline or overdue, waiting for a supplement, or ended without "
        "a result.",
    )
    online_offered = fields.Boolean(string="Procedure offered online", readonly=True)
    is_digitised = fields.Boolean(string="Digitised", readonly=True)
    dossier_count = fields.Integer(string="Dossiers", readonly=True, aggregator="sum")
    resolved_count = fields.Integer(string="Resolved dossiers", readonly=True, aggregator="sum")
    early_count = fields.Integer(string="Resolved early", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Resolved on time", readonly=True, aggregator="sum")
    late_count = fields.Integer(string="Resolved late", readonly=True, aggregator="sum")
    overdue_count = fields.Integer(string="Pending overdue", readonly=True, aggregator="sum")
    on_time_pct = fields.Float(
        string="On-time rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of resolved dossiers resolved early or on time.",
    )
    online_pct = fields.Float(
        string="Online rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of dossiers received online, among the procedures offered online.",
    )
    digitised_pct = fields.Float(
        string="Digitisation rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of dossiers whose documents are all digitised.",
    )
    satisfied_pct = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Share of satisfied or very satisfied ratings, among rated dossiers.",
    )
    working_days = fields.Float(
        string="Working days taken",
        readonly=True,
        aggregator="avg",
        help="Working time from reception to the result or the end, less pauses (ended "
        "dossiers only).",
    )
    days_late = fields.Float(
        string="Working days late",
        readonly=True,
        aggregator="avg",
        help="Working time from the due time to a late result.",
    )
    paused_days = fields.Float(
        string="Days paused",
        readonly=True,
        aggregator="avg",
        help="Working time spent waiting for supplements, in working days.",
    )
    overdue_days = fields.Float(
        string="Days overdue",
        readonly=True,
        aggregator="avg",
        help="Calendar days since the due time, for pending overdue dossiers.",
    )

    @property
    def _table_query(self):
        # Where each dossier stands now ("now" of the server's clock, as compute() reads it):
        # the statistics' one rule (onestop.statistics._statistics_outcome_sql), over no
        # period bounds.
        now = fields.Datetime.now()
        Statistics = self.env["onestop.statistics"]
        d = SQL("d")
        return SQL(
            """
            SELECT d.id AS id,
                   d.id AS dossier_id,
                   d.name AS name,
                   d.company_id AS company_id,
                   d.department_id AS department_id,
                   dep.agency_id AS agency_id,
                   d.procedure_id AS procedure_id,
                   d.field_id AS field_id,
                   d.channel AS channel,
                   d.state AS state,
                   d.user_id AS user_id,
                   d.return_method AS return_method,
                   d.received_date AS received_date,
                   d.due_date AS due_date,
                   d.resolved_date AS resolved_date,
                   d.returned_date AS returned_date,
                   d.ended_date AS ended_date,
                   r.date AS rating_date,
                   o.outcome AS outcome,
                   o.online_offered AS online_offered,
                   COALESCE(d.is_digitised, FALSE) AS is_digitised,
                   1 AS dossier_count,
                   (o.outcome IN ('early', 'on_time', 'late'))::int AS resolved_count,
                   (o.outcome = 'early')::int AS early_count,
                   (o.outcome = 'on_time')::int AS on_time_count,
                   (o.outcome = 'late')::int AS late_count,
                   (o.outcome = 'pending_overdue')::int AS overdue_count,
                   CASE WHEN o.outcome IN ('early', 'on_time') THEN 100.0
                        WHEN o.outcome = 'late' THEN 0.0 END AS on_time_pct,
                   CASE WHEN NOT o.online_offered THEN NULL
                        WHEN d.channel = 'online' THEN 100.0 ELSE 0.0 END AS online_pct,
                   CASE WHEN d.is_digitised THEN 100.0 ELSE 0.0 END AS digitised_pct,
                   CASE WHEN r.id IS NULL THEN NULL
                        WHEN r.satisfied THEN 100.0 ELSE 0.0 END AS satisfied_pct,
                   CASE WHEN o.outcome IN ('early', 'on_time', 'late', 'refused', 'withdrawn',
                                           'stopped')
                        THEN d.report_working_days END AS working_days,
                   CASE WHEN o.outcome = 'late' THEN d.report_days_late END AS days_late,
                   d.report_paused_days AS paused_days,
                   CASE WHEN o.outcome = 'pending_overdue'
                        THEN EXTRACT(EPOCH FROM (%(now)s - d.due_date)) / 86400.0
                   END AS overdue_days
              FROM onestop_dossier d
              LEFT JOIN onestop_department dep ON dep.id = d.department_id
              LEFT JOIN onestop_dossier_rating r ON r.dossier_id = d.id
              CROSS JOIN LATERAL (
                  SELECT %(outcome)s AS outcome, %(online_offered)s AS online_offered
              ) o
             WHERE d.received_date IS NOT NULL
               AND d.parent_id IS NULL
               AND d.active
            """,
            now=now,
            outcome=Statistics._statistics_outcome_sql(d, None, None, now),
            online_offered=Statistics._statistics_online_offered_sql(d),
        )
