from odoo import fields, models


class OnestopMakeupDay(models.Model):
    """A make-up working day: a day off (usually a Saturday) worked in exchange for a bridge day
    that the government declares a holiday. Odoo's calendars have no such thing."""

    _name = "onestop.makeup.day"
    _inherit = ["onestop.calendar.cache.mixin"]
    _description = "Make-up working day"
    _order = "date desc"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        ondelete="cascade",
        help="Leave empty for a day that every calendar works.",
    )
    like_weekday = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
        ],
        string="Worked as",
        default="0",
        required=True,
        help="The day is worked with the sessions of this weekday.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _sql_constraints = [
        (
            "date_calendar_unique",
            "unique(date, calendar_id)",
            "There is already a make-up working day on this date for this calendar.",
        ),
    ]
