from odoo import api, models

# Demo dossiers the two demo citizens own: (login, state, how many).
OWNERSHIP = [
    ("congdan", "processing", 1),
    ("congdan", "waiting_supplement", 1),
    ("congdan", "received", 1),
    ("congdan", "resolved", 1),
    ("congdan", "returned", 2),
    ("congdan2", "processing", 1),
    ("congdan2", "returned", 1),
]


class OnestopPortalDemo(models.AbstractModel):
    """Demo data: the demo citizens own a few of base's demo dossiers, so that /my shows
    dossiers at every stage."""

    _name = "onestop.portal.demo"
    _description = "OneStop portal demo data"

    @api.model
    def _assign_demo_dossiers(self):
        Dossier = self.env["onestop.dossier"].sudo()
        taken = Dossier.browse()
        for login, state, count in OWNERSHIP:
            user = self.env["res.users"].sudo().search([("login", "=", login)], limit=1)
            if not user:
                continue
            dossiers = Dossier.search(
                [
                    ("state", "=", state),
                    ("parent_id", "=", False),
                    ("child_ids", "=", False),
                    ("id", "not in", taken.ids),
                ],
                order="id",
                limit=count,
            )
            dossiers.write({"partner_id": user.partner_id.id})
            taken |= dossiers
        return True
