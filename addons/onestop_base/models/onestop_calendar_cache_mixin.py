from odoo import api, models


class OnestopCalendarCacheMixin(models.AbstractModel):
    """For the records a working calendar is made of (sessions, holidays, make-up days):
    any change clears the cached working time of the calendars."""

    _name = "onestop.calendar.cache.mixin"
    _description = "Clears the cached working time on change"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
