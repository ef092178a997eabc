from odoo.tests import tagged

from odoo.addons.onestop_workflow.tests.common import run_queued_jobs

from .common import PortalHttpCase


@tagged("post_install", "-at_install")
class TestRating(PortalHttpCase):
    def setUp(self):
        super().setUp()
        self.dossier = self.returned_dossier()
        self.url = "/my/dossiers/%s/rating" % self.dossier.id

    def rate(self, csrf_url=None, **values):
        data = {"csrf_token": self.csrf(csrf_url or "/my/dossiers/%s" % self.dossier.id)}
        data.update(values)
        return self.url_open(self.url, data=data, allow_redirects=False)

    def test_citizen_rates_once(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        page = self.url_open("/my/dossiers/%s" % self.dossier.id).text
        self.assertIn("o_onestop_rating_form", page)
        response = self.rate(
            overall="satisfied",
            on_time="very_satisfied",
            attitude="satisfied",
            visits="1",
            comment="Cán bộ hướng dẫn tận tình.",
        )
        self.assertEqual(response.status_code, 303)
        rating = self.dossier.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(
            (rating.overall, rating.on_time, rating.attitude, rating.visits, rating.channel),
            ("satisfied", "very_satisfied", "satisfied", 1, "portal"),
        )
        self.assertTrue(rating.satisfied)
        self.assertEqual(rating.department_id, self.desk)
        page = self.url_open("/my/dossiers/%s" % self.dossier.id).text
        self.assertNotIn("o_onestop_rating_form", page)
        self.assertIn("o_onestop_rated", page)
        response = self.url_open(
            self.url,
            data={
                "csrf_token": self.csrf("/my/dossiers/%s" % self.dossier.id),
                "overall": "unsatisfied",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self.dossier.rating_ids), 1)

    def test_bad_ratings(self):
        self.authenticate(self.citizen.login, self.citizen.login)
        for values in (
            {},
            {"overall": "ecstatic"},
            {"overall": "satisfied", "attitude": "meh"},
            {"overall": "satisfied", "visits": "-1"},
            {"overall": "satisfied", "visits": "lots"},
        ):
            with self.subTest(values=values):
                self.assertEqual(self.rate(**values).status_code, 400)
        self.assertFalse(self.dossier.rating_ids)
        # Not returned yet: nothing to rate.
        running = self.received_dossier()
        response = self.url_open(
            "/my/dossiers/%s/rating" % running.id,
            data={"csrf_token": self.csrf("/my"), "overall": "satisfied"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(running.rating_ids)
        self.assertEqual(self.url_open(self.url).status_code, 405)

    def test_others_cannot_rate(self):
        self.authenticate(self.citizen2.login, self.citizen2.login)
        response = self.rate(csrf_url="/my", overall="unsatisfied")
        self.assertEqual(response.status_code, 404)
        self.authenticate(None, None)
        csrf = self.csrf("/onestop/track")
        response = self.url_open(
            self.url,
            data={"csrf_token": csrf, "overall": "unsatisfied", "access_token": "f" * 36},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.dossier.rating_ids)

    def test_rating_link_of_the_email(self):
        # The job writes the queued email off the request.
        run_queued_jobs(self.env)
        mail = self.dossier.message_ids.filtered(
            lambda m: "Đánh giá mức độ hài lòng" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.applicant, mail.partner_ids)
        token = self.dossier.access_token
        self.assertIn("/my/dossiers/%s?access_token=%s" % (self.dossier.id, token), str(mail.body))
        # Without an account, from the link.
        url = "/my/dossiers/%s?access_token=%s" % (self.dossier.id, token)
        self.assertIn("o_onestop_rating_form", self.url_open(url).text)
        response = self.rate(csrf_url=url, overall="very_satisfied", access_token=token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.dossier.rating_ids.channel, "link")

    def test_ratings_are_limited_per_client(self):
        self.env["ir.config_parameter"].sudo().set_param("onestop_portal.rating_max_per_hour", "1")
        other = self.returned_dossier()
        self.authenticate(self.citizen.login, self.citizen.login)
        self.assertEqual(self.rate(overall="satisfied").status_code, 303)
        response = self.url_open(
            "/my/dossiers/%s/rating" % other.id,
            data={"csrf_token": self.csrf("/my"), "overall": "satisfied"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 429)
        self.assertFalse(other.rating_ids)
