from odoo import api, fields, models


class OnestopDashboard(models.TransientModel):
    """The manager's dashboard counts the dossiers the national portal sees otherwise (the
    daily reconciliation's list), within the dashboard's units and the manager's rules."""

    _inherit = "onestop.dashboard"

    onestop_sync_issue_count = fields.Integer(
        string="Dossiers out of step with the national portal",
        compute="_compute_onestop_sync_issue_count",
        help="Found by the last daily reconciliation: a status that differs from ours, never "
        "reported, or an event that died.",
    )

    @api.depends("department_ids")
    def _compute_onestop_sync_issue_count(self):
        for dashboard in self:
            dashboard.onestop_sync_issue_count = self.env["onestop.dossier"].search_count(
                dashboard._onestop_sync_issue_domain()
            )

    def _onestop_sync_issue_domain(self):
        self.ensure_one()
        domain = [("onestop_sync_issue", "!=", False)]
        if self.department_ids:
            domain.append(("department_id", "child_of", self.department_ids.ids))
        return domain

    def action_open_sync_reconciliation(self):
        self.ensure_one()
        self._check_onestop_group("onestop_base.group_onestop_admin")
        action = self.env["ir.actions.actions"]._for_xml_id(
            "onestop_sync.action_sync_reconciliation"
        )
        action["domain"] = self._onestop_sync_issue_domain()
        return action

    def _check_onestop_group(self, xmlid):
        return self.env["onestop.dossier"]._check_onestop_group(xmlid)
