from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("year", "Year"),
    ("custom", "Custom"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
QUARTERS = [("1", "Quarter I"), ("2", "Quarter II"), ("3", "Quarter III"), ("4", "Quarter IV")]


def period_range(period_type, year, month=1, quarter=1):
    """First and last day of a month, quarter or year."""
    if period_type == "month":
        start = date(year, month, 1)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == "quarter":
        start = date(year, 3 * (quarter - 1) + 1, 1)
        return start, start + relativedelta(months=3, days=-1)
    start = date(year, 1, 1)
    return start, date(year, 12, 31)


def previous_range(period_type, date_from, date_to):
    """The period just before: the previous month, quarter or year, or as many days before a
    custom period."""
    if period_type == "month":
        start = date_from + relativedelta(day=1, months=-1)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == "quarter":
        start = date_from + relativedelta(day=1, months=-3)
        return start, start + relativedelta(months=3, days=-1)
    if period_type == "year":
        return date_from + relativedelta(years=-1), date_to + relativedelta(years=-1)
    length = (date_to - date_from).days + 1
    return date_from - timedelta(days=length), date_from - timedelta(days=1)


class OnestopPeriodMixin(models.AbstractModel):
    """A reporting period: a month, a quarter, a year or custom dates."""

    _name = "onestop.period.mixin"
    _description = "Reporting period"

    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default="month")
    period_year = fields.Integer(
        string="Year", default=lambda self: fields.Date.context_today(self).year
    )
    period_month = fields.Selection(
        MONTHS, string="Month", default=lambda self: str(fields.Date.context_today(self).month)
    )
    period_quarter = fields.Selection(
        QUARTERS,
        string="Quarter",
        default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1),
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_period_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_period_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    previous_date_from = fields.Date(
        string="Previous period from", compute="_compute_previous_dates"
    )
    previous_date_to = fields.Date(string="Previous period to", compute="_compute_previous_dates")

    @api.constrains("date_from", "date_to", "period_year")
    def _check_period(self):
        for record in self:
            if record.date_from and record.date_to and record.date_from > record.date_to:
                raise ValidationError(self.env._("The period cannot end before it starts."))
            if record.period_type != "custom" and not 1900 < (record.period_year or 0) < 3000:
                raise ValidationError(
                    self.env._("%(year)s is not a year.", year=record.period_year)
                )

    @api.depends("period_type", "period_year", "period_month", "period_quarter")
    def _compute_period_dates(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.period_type == "custom":
                if not record.date_from or not record.date_to:
                    record.date_from, record.date_to = period_range(
                        "month", today.year, today.month
                    )
                continue
            year = record.period_year if 1900 < (record.period_year or 0) < 3000 else today.year
            record.date_from, record.date_to = period_range(
                record.period_type,
                year,
                int(record.period_month or today.month),
                int(record.period_quarter or 1),
            )

    @api.depends("period_type", "date_from", "date_to")
    def _compute_previous_dates(self):
        for record in self:
            if record.date_from and record.date_to:
                record.previous_date_from, record.previous_date_to = previous_range(
                    record.period_type, record.date_from, record.date_to
                )
            else:
                record.previous_date_from = record.previous_date_to = False

    def _period_title(self, title):
        """``title``, followed by the period's dates."""
        self.ensure_one()
        if not self.date_from or not self.date_to:
            return title
        return self.env._(
            "%(title)s, %(start)s - %(end)s",
            title=title,
            start=self.date_from.strftime("%d/%m/%Y"),
            end=self.date_to.strftime("%d/%m/%Y"),
        )
