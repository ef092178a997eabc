from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OnestopHallService(models.Model):
    """A service group of a reception desk's hall: what a citizen picks at the kiosk, the
    letter its tickets start with (A012), the procedure fields and procedures it covers."""

    _name = "onestop.hall.service"
    _description = "Service group of the hall"
    _order = "department_id, sequence, letter, id"

    name = fields.Char(required=True, translate=True)
    letter = fields.Char(
        required=True,
        size=1,
        help="The letter the group's ticket numbers start with, e.g. A for A012.",
    )
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "onestop.department",
        string="Reception desk",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("kind", "=", "desk")],
    )
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    field_ids = fields.Many2many(
        "onestop.procedure.field",
        "onestop_hall_service_field_rel",
        "service_id",
        "field_id",
        string="Procedure fields",
    )
    procedure_ids = fields.Many2many(
        "onestop.procedure",
        "onestop_hall_service_procedure_rel",
        "service_id",
        "procedure_id",
        string="Procedures",
        help="Procedures of the group besides those of its fields.",
    )
    slot_capacity = fields.Integer(
        string="Bookings per slot",
        default=2,
        help="How many online bookings one slot of this group takes.",
    )
    service_minutes = fields.Integer(
        string="Expected minutes per ticket",
        default=8,
        help="Used for the expected wait until the day has its own measures.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "letter_unique",
            "unique(department_id, letter)",
            "Each service group of a desk has its own letter.",
        ),
        ("capacity_positive", "CHECK(slot_capacity >= 0)", "A slot cannot take fewer than 0."),
    ]

    @api.constrains("letter")
    def _check_letter(self):
        for service in self:
            if not (service.letter or "").isalpha() or not service.letter.isupper():
                raise ValidationError(
                    self.env._("The letter of a service group is one capital letter, e.g. A.")
                )

    def _onestop_procedures(self):
        """Every active procedure of the group: its own and those of its fields."""
        self.ensure_one()
        fields_procedures = self.env["onestop.procedure"].search(
            [("field_id", "in", self.field_ids.ids)]
        )
        return self.procedure_ids | fields_procedures

    def _onestop_cutoff_hour(self):
        """The afternoon cutoff (local hour) that bounds the group's bookings: the earliest
        cutoff of its procedures, as ``_receive()`` applies each procedure's own to the
        dossier received (a citizen booked for the group may hand in any of them); None when
        no procedure of the group sets one (0 is read as "not set": a cutoff at midnight is
        no afternoon cutoff)."""
        self.ensure_one()
        cutoffs = [hour for hour in self.sudo()._onestop_procedures().mapped("cutoff_hour") if hour]
        return min(cutoffs) if cutoffs else None
