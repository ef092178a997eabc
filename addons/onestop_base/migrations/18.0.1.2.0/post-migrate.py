"""Fill the dossiers' stored facts from their history (``onestop.dossier``:
``_onestop_fill_facts()``): the last change of the due date, the first pause, and the
procedure's online level for dossiers received before the snapshot existed. The period
statistics read these facts instead of the history (docs/performance.md)."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    changed = env["onestop.dossier"]._onestop_fill_facts()
    _logger.info("OneStop: dossiers' stored facts filled: %s", changed)
