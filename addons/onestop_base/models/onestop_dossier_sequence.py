from odoo import api, fields, models
from odoo.modules import module


class OnestopDossierSequence(models.Model):
    """The daily serial of dossier codes, one counter per agency code and local day.

    The serial is taken in a short transaction of its own, at the READ COMMITTED level, and
    committed at once: officers receiving at the same moment wait for one another only for the
    few milliseconds of that transaction, and none of them gets a serialisation failure, as
    they would if the counter row were held until the end of each reception (the second one
    then fails and Odoo's retries can run out under load). The price is a gap in the day's
    serials when a reception fails after it was numbered, which the validations made before
    numbering keep rare. The code's unique index is the last guard.

    While modules are loading (the counter table may not be committed yet) and under tests
    (whose transactions are rolled back), the serial is taken in the caller's transaction.
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
        if module.current_test or not self.env.registry.ready:
            return self._take_serial(self.env.cr, code, day)
        with self.env.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            return self._take_serial(cr, code, day)

    @api.model
    def _take_serial(self, cr, code, day):
        cr.execute(
            """
            INSERT INTO onestop_dossier_sequence (code, day, last_serial)
                 VALUES (%s, %s, 1)
            ON CONFLICT (code, day)
              DO UPDATE SET last_serial = onestop_dossier_sequence.last_serial + 1
              RETURNING last_serial
            """,
            [code, day],
        )
        return cr.fetchone()[0]
