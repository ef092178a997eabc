from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import OnestopCase


@tagged("post_install", "-at_install")
class TestReceptionTour(HttpCase, OnestopCase):
    def test_officer_receives_a_dossier(self):
        procedure = self.env["onestop.procedure"].create(
            {
                "name": "Tour Procedure",
                "field_id": self.field.id,
                "time_limit": 3,
                "receiving_department_ids": [Command.set([self.desk.id])],
                "document_ids": [
                    Command.create({"name": "Tour Form", "mandatory": True}),
                    Command.create({"name": "Tour Certificate", "mandatory": True}),
                    Command.create({"name": "Tour Authorisation", "mandatory": False}),
                ],
            }
        )
        self.env["res.partner"].create({"name": "Tour Citizen", "street": "Số 2 đường Tour"})
        self.reception.tz = "Asia/Ho_Chi_Minh"
        self.start_tour("/odoo", "onestop_reception_tour", login=self.reception.login)
        dossier = self.env["onestop.dossier"].search([("procedure_id", "=", procedure.id)])
        self.assertEqual(len(dossier), 1)
        self.assertEqual(dossier.state, "received")
        self.assertRegex(dossier.name, r"^T00\.00\.01\.X01-\d{6}-\d{4}$")
        self.assertTrue(dossier.due_date > dossier.received_date)
        self.assertEqual(dossier.reception_user_id, self.reception)
        self.assertEqual(
            dossier.document_line_ids.filtered("is_submitted").mapped("name"),
            ["Tour Form", "Tour Certificate"],
        )
