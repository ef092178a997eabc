from odoo import api, fields, models


class OnestopDossierSequence(models.Model):
    """The daily serial of dossier codes, one counter per agency code and local day.

    The counter row is taken inside the reception's transaction, so a reception that fails
    leaves no gap. Two officers receiving at the same moment serialise on the row: the second
    waits until the first commits, then PostgreSQL reports a serialisation failure and Odoo
    retries the second request, which gets the next serial. The code's unique index is the
    last guard.
    """

    _name = "onestop.dossier.sequence"
    _description = "Daily serial of dossier codes"
    _log_access = False

    code = fields.Char(required=True)
    day = fields.Date(required=True)
    last_serial = fields.Integer(required=True, default=0)

    _sql_constraints = [
        ("code_day_unique", "unique(code, day)", "One counter per code and day."),
    ]

    @api.model
    def _next_serial(self, code, day):
        self.env.cr.execute(
            """
            INSERT INTO onestop_dossier_sequence (code, day, last_serial)
                 VALUES (%s, %s, 1)
            ON CONFLICT (code, day)
              DO UPDATE SET last_serial = onestop_dossier_sequence.last_serial + 1
              RETURNING last_serial
            """,
            [code, day],
        )
        return self.env.cr.fetchone()[0]
