from odoo import fields, models

from odoo.addons.onestop_base.models.onestop_dossier import STATES


class OnestopStage(models.Model):
    """A column of the dossiers' kanban. Each stage maps to one of the dossier's fixed states:
    the stage says where a dossier is in the agency, the state what the law counts."""

    _name = "onestop.stage"
    _description = "Dossier stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in kanban", help="Folded stages hold dossiers that need no more work."
    )
    state = fields.Selection(
        [s for s in STATES if s[0] != "draft"],
        required=True,
        default="processing",
        help="The dossier's state in this stage: the statistics count states, not stages.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email to the applicant",
        domain=[("model", "=", "onestop.dossier")],
        help="Sent to the applicant when a dossier enters this stage.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
