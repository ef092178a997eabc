from odoo import api, fields, models


class OnestopProcedure(models.Model):
    _inherit = "onestop.procedure"

    @api.model
    def _onestop_catalogue_domain(self):
        """Procedures the public catalogue shows: active and in force today."""
        today = fields.Date.context_today(self)
        return [
            ("active", "=", True),
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", today),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", today),
        ]

    @api.model
    def _onestop_online_domain(self):
        """Procedures a citizen may submit online: offered online (partly or fully), with a
        unit to receive them."""
        return self._onestop_catalogue_domain() + [
            ("online_level", "in", ("partial", "full")),
            ("receiving_department_ids", "!=", False),
        ]

    def _onestop_is_online(self):
        self.ensure_one()
        return bool(self.sudo().filtered_domain(self._onestop_online_domain()))

    def _onestop_label(self, field):
        """The label of a selection field's value in the user's language."""
        self.ensure_one()
        return dict(self._fields[field]._description_selection(self.env)).get(self[field], "")

    def _onestop_time_limit_text(self, channel="in_person"):
        """``15 working days``, as the catalogue shows it."""
        self.ensure_one()
        return "%g %s" % (self._time_limit_for(channel), self._onestop_label("time_unit").lower())
