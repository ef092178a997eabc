import pytz

from odoo import api, fields, models
from odoo.tools import format_date

# Dossier codes of the day shown on the hall screen, at most.
BOARD_MAX_CODES = 40


class OnestopDepartment(models.Model):
    _inherit = "onestop.department"

    onestop_board_url = fields.Char(
        string="Public board",
        compute="_compute_onestop_board_url",
        help="The page for the screen in the hall of this reception desk.",
    )

    @api.depends("kind", "code")
    def _compute_onestop_board_url(self):
        for department in self:
            if department.kind == "desk" and department.id:
                department.onestop_board_url = "/onestop/board/%s" % (
                    department.code or department.id
                )
            else:
                department.onestop_board_url = False

    @api.model
    def _onestop_board_desk(self, key):
        """The active reception desk a board address names, by id or e-identifier code."""
        key = (key or "").strip()
        domain = [("kind", "=", "desk")]
        if key.isdigit():
            domain.append(("id", "=", int(key)))
        elif key:
            domain.append(("code", "=", key))
        else:
            return self.browse()
        return self.search(domain, limit=1)

    def _onestop_board_values(self):
        """What the hall screen shows: counts and dossier codes, nothing personal."""
        self.ensure_one()
        Statistics = self.env["onestop.statistics"]
        Dossier = self.env["onestop.dossier"]
        tz = Statistics._statistics_tz()
        now = fields.Datetime.now()
        local_now = pytz.utc.localize(now).astimezone(tz)
        today = local_now.date()
        day = Statistics._statistics_bounds(today, today)
        scope = [("department_id", "child_of", self.id), ("parent_id", "=", False)]
        received = Statistics.compute(today, today, domain=scope)[0]["received_total"]
        returned = Dossier.search_count(
            [*scope, ("returned_date", ">=", day["start"]), ("returned_date", "<", day["stop"])]
        )
        due_today = Dossier.search(
            [
                *scope,
                ("state", "in", ["received", "processing"]),
                ("due_date", ">=", day["start"]),
                ("due_date", "<", day["stop"]),
            ],
            order="due_date, id",
        )
        ready_domain = [*scope, ("state", "=", "resolved"), ("return_method", "=", "desk")]
        ready = Dossier.search(ready_domain, order="resolved_date, id", limit=BOARD_MAX_CODES)
        month = Statistics.compute(today.replace(day=1), today, domain=scope)[0]
        resolved = month["resolved_total"]

        def share(count):
            return round(100.0 * count / resolved) if resolved else None

        return {
            "desk_name": self.name,
            "agency_name": self.agency_id.name if self.agency_id != self else "",
            "today_label": format_date(self.env, today, date_format="EEEE, dd/MM/yyyy"),
            "time_label": local_now.strftime("%H:%M"),
            "month_title": self.env._(
                "Results of %(month)s: %(count)s dossiers resolved",
                month=today.strftime("%m/%Y"),
                count=resolved,
            ),
            "updated_label": self.env._("Updated at %(time)s.", time=local_now.strftime("%H:%M")),
            "received_today": received,
            "returned_today": returned,
            "due_today": len(due_today),
            "due_codes": due_today[:BOARD_MAX_CODES].mapped("name"),
            "ready_codes": ready.mapped("name"),
            "ready_count": Dossier.search_count(ready_domain) if ready else 0,
            "resolved_month": resolved,
            "early_month": month["resolved_early"],
            "on_time_month": month["resolved_on_time"],
            "late_month": month["resolved_late"],
            "early_share": share(month["resolved_early"]),
            "on_time_share": share(month["resolved_on_time"]),
            "late_share": share(month["resolved_late"]),
            "refresh_seconds": 60,
        }
