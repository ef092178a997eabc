import logging

from odoo.tests import tagged

from .common import PortalHttpCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestQueryGrowth(PortalHttpCase):
    """The citizen's list of dossiers and the public tracking page cost as many queries
    with three dossiers in the database as with nine (whole HTTP requests: routing, rights,
    rendering)."""

    def queries(self, url):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def same_queries(self, url, grow, check):
        """Queries of ``url`` before and after ``grow()``, caches warm: exactly as many."""
        self.queries(url)
        few, page = self.queries(url)
        check(page, before=True)
        grow()
        self.queries(url)
        many, page = self.queries(url)
        check(page, before=False)
        self.assertEqual(many, few)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            self.url_open(url)
        return few

    def test_my_dossiers_list(self):
        mine = self.received_dossier() | self.received_dossier() | self.received_dossier()
        self.authenticate(self.citizen.login, self.citizen.login)

        def grow():
            nonlocal mine
            for _i in range(6):
                mine |= self.received_dossier()
            # Others' dossiers too: the citizen's list must not read them.
            for _i in range(6):
                self.received_dossier(partner=self.citizen2.partner_id)

        def check(page, before):
            shown = [dossier.name for dossier in mine if dossier.name in page]
            self.assertEqual(len(shown), 3 if before else 9)

        count = self.same_queries("/my/dossiers", grow, check)
        _logger.info("portal list of 3 or 9 dossiers: %s queries", count)

    def test_tracking_page(self):
        dossier = self.received_dossier()
        for _i in range(2):
            self.received_dossier(partner=self.citizen2.partner_id)
        url = "/onestop/track/%s" % dossier.sudo().tracking_token

        def grow():
            for _i in range(6):
                self.received_dossier(partner=self.citizen2.partner_id)

        def check(page, before):
            self.assertIn(dossier.name, page)

        count = self.same_queries(url, grow, check)
        _logger.info("tracking page among 3 or 9 dossiers: %s queries", count)
