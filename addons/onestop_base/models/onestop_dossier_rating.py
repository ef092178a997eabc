from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [
    ("very_satisfied", "Very satisfied"),
    ("satisfied", "Satisfied"),
    ("unsatisfied", "Unsatisfied"),
]


class OnestopDossierRating(models.Model):
    """The applicant's rating of the service for one dossier, given once after the result is
    returned. It lives here so that reports read it without depending on the portal."""

    _name = "onestop.dossier.rating"
    _description = "Satisfaction rating"
    _order = "date desc, id desc"

    dossier_id = fields.Many2one("onestop.dossier", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="dossier_id.partner_id", store=True)
    department_id = fields.Many2one(related="dossier_id.department_id", store=True, index=True)
    procedure_id = fields.Many2one(related="dossier_id.procedure_id", store=True)
    company_id = fields.Many2one(related="dossier_id.company_id", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    overall = fields.Selection(LEVELS, required=True)
    on_time = fields.Selection(LEVELS, string="Timeliness")
    attitude = fields.Selection(LEVELS, string="Officers' attitude")
    visits = fields.Integer(help="How many times the applicant came to the desk for this dossier.")
    comment = fields.Text()
    satisfied = fields.Boolean(compute="_compute_satisfied", store=True)
    channel = fields.Selection(
        [("portal", "Portal"), ("link", "Link"), ("desk", "Desk")],
        string="Rated through",
        default="portal",
    )

    _sql_constraints = [
        ("dossier_unique", "unique(dossier_id)", "A dossier is rated once."),
        ("visits_positive", "CHECK(visits IS NULL OR visits >= 0)", "Visits cannot be negative."),
    ]

    @api.constrains("dossier_id")
    def _check_dossier_returned(self):
        for rating in self:
            if rating.dossier_id.state != "returned":
                raise ValidationError(
                    self.env._("A dossier is rated after its result has been returned.")
                )

    @api.depends("overall")
    def _compute_satisfied(self):
        for rating in self:
            rating.satisfied = rating.overall in ("very_satisfied", "satisfied")
