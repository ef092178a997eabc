"""Drop the indexes of columns no search selects few rows with (docs/performance.md,
"Indexes"): Odoo does not drop an index when a field loses ``index=True``."""


def migrate(cr, version):
    for column in ("channel", "priority", "result_timing"):
        cr.execute("DROP INDEX IF EXISTS onestop_dossier__%s_index" % column)
