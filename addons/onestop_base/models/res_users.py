from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    onestop_department_ids = fields.Many2many(
        "onestop.department",
        "onestop_department_res_users_rel",
        "user_id",
        "department_id",
        string="OneStop departments",
        help="The units this user works in: the dossiers of these units are the user's.",
    )
    onestop_headed_department_ids = fields.One2many(
        "onestop.department", "head_id", string="Headed departments"
    )

    def write(self, vals):
        res = super().write(vals)
        if "onestop_department_ids" in vals:
            self.env.registry.clear_cache()
        return res
