from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import CALENDAR_DAYS, WORKING_DAYS, WORKING_HOURS

TIME_UNITS = [
    (WORKING_DAYS, "Working days"),
    (CALENDAR_DAYS, "Calendar days"),
    (WORKING_HOURS, "Working hours"),
]


class OnestopProcedure(models.Model):
    """An administrative procedure of the national catalogue (thủ tục hành chính)."""

    _name = "onestop.procedure"
    _description = "Administrative procedure"
    _inherit = ["mail.thread"]
    _order = "field_id, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        string="National code",
        index=True,
        tracking=True,
        help="The procedure's code in the national database of administrative procedures, "
        "e.g. 1.001193.",
    )
    field_id = fields.Many2one(
        "onestop.procedure.field", string="Field", required=True, index=True, tracking=True
    )
    level_id = fields.Many2one("onestop.admin.level", string="Level", index=True)
    competent_department_id = fields.Many2one(
        "onestop.department",
        string="Competent authority",
        help="The agency that decides on the dossiers of this procedure.",
    )
    receiving_department_ids = fields.Many2many(
        "onestop.department",
        "onestop_procedure_receiving_department_rel",
        "procedure_id",
        "department_id",
        string="Receiving units",
        help="The desks and units where dossiers of this procedure are received.",
    )
    time_limit = fields.Float(
        required=True, default=1.0, tracking=True, help="Time to resolve a dossier."
    )
    time_unit = fields.Selection(TIME_UNITS, required=True, default=WORKING_DAYS, tracking=True)
    time_limit_online = fields.Float(
        string="Online time limit",
        help="When dossiers submitted online have another time limit; 0: the same.",
    )
    cutoff_hour = fields.Float(
        string="Cutoff hour",
        default=15.0,
        help="A dossier received at or after this hour counts from the next working day.",
    )
    online_level = fields.Selection(
        [("none", "Not online"), ("partial", "Partly online"), ("full", "Fully online")],
        required=True,
        default="none",
        tracking=True,
    )
    inter_agency = fields.Boolean(
        string="Inter-agency",
        help="The dossiers of this procedure cross agencies or levels (liên thông).",
    )
    legal_basis = fields.Text(translate=True)
    result_description = fields.Text(string="Result", translate=True)
    applicant_kind = fields.Selection(
        [("person", "Citizens"), ("business", "Businesses"), ("both", "Citizens and businesses")],
        default="both",
    )
    description = fields.Html(translate=True)
    document_ids = fields.One2many(
        "onestop.procedure.document", "procedure_id", string="Required documents", copy=True
    )
    fee_ids = fields.One2many("onestop.procedure.fee", "procedure_id", string="Fees", copy=True)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    fee_total = fields.Monetary(compute="_compute_fee_total", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="Effective From")
    date_to = fields.Date(string="Effective To")
    active = fields.Boolean(default=True, tracking=True)
    dossier_count = fields.Integer(compute="_compute_dossier_count")

    _sql_constraints = [
        ("time_limit_positive", "CHECK(time_limit > 0)", "The time limit must be positive."),
        (
            "time_limit_online_positive",
            "CHECK(time_limit_online IS NULL OR time_limit_online >= 0)",
            "The online time limit cannot be negative.",
        ),
        (
            "cutoff_hour_range",
            "CHECK(cutoff_hour IS NULL OR (cutoff_hour >= 0 AND cutoff_hour <= 24))",
            "The cutoff is an hour of the day, between 0 and 24.",
        ),
        (
            "dates_check",
            "CHECK(date_to IS NULL OR date_from IS NULL OR date_from <= date_to)",
            "A procedure cannot end before it starts.",
        ),
        (
            "code_company_unique",
            "unique(code, company_id)",
            "Another procedure already has this national code.",
        ),
    ]

    @api.constrains("online_level", "receiving_department_ids")
    def _check_online_receiving(self):
        for procedure in self:
            if procedure.online_level != "none" and not procedure.receiving_department_ids:
                raise ValidationError(
                    self.env._(
                        "The procedure %(name)s is offered online: name the units that receive "
                        "its dossiers.",
                        name=procedure.name,
                    )
                )

    @api.depends("fee_ids.amount")
    def _compute_fee_total(self):
        for procedure in self:
            procedure.fee_total = sum(procedure.fee_ids.mapped("amount"))

    def _compute_dossier_count(self):
        counts = dict(
            self.env["onestop.dossier"]._read_group(
                [("procedure_id", "in", self.ids)], ["procedure_id"], ["__count"]
            )
        )
        for procedure in self:
            procedure.dossier_count = counts.get(procedure, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for procedure in self:
            procedure.display_name = (
                "[%s] %s" % (procedure.code, procedure.name) if procedure.code else procedure.name
            )

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "like", "=ilike", "=like", "=") and value:
            return ["|", ("code", operator, value), ("name", operator, value)]
        return super()._search_display_name(operator, value)

    def action_view_dossiers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onestop_base.action_dossier")
        action["domain"] = [("procedure_id", "=", self.id)]
        action["context"] = {"default_procedure_id": self.id}
        return action

    # ------------------------------------------------------------------ business methods
    def _time_limit_for(self, channel):
        """The time limit that applies to a dossier received through ``channel``."""
        self.ensure_one()
        if channel == "online" and self.time_limit_online:
            return self.time_limit_online
        return self.time_limit

    def _is_effective(self, day):
        self.ensure_one()
        return (not self.date_from or self.date_from <= day) and (
            not self.date_to or day <= self.date_to
        )
