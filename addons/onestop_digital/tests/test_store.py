from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.onestop_portal.tests.common import PDF, PNG

from .common import DigitalCase, b64, real_pdf


@tagged("post_install", "-at_install")
class TestStore(DigitalCase):
    def draft(self, partner=None):
        """A draft whose mandatory documents other than the identity card are handed in."""
        dossier = self.make_citizen_dossier(partner, submit=False)
        dossier.document_line_ids.filtered(
            lambda line: line.mandatory and line.kind_id != self.kind_id_card
        ).is_submitted = True
        return dossier

    def test_reuse_at_reception(self):
        stored = self.store()
        self.assertEqual(
            stored.with_context(lang="en_US").name, "Citizen identity card 037090004321"
        )
        self.assertEqual(self.Stored.search([("name", "ilike", "0370900043")]), stored)
        dossier = self.draft()
        line = self.id_card_line(dossier)
        self.assertEqual(line.reusable_document_ids, stored)
        self.assertEqual(dossier.reusable_line_count, 1)
        # Without it the mandatory identity card is missing.
        self.assertIn("Căn cước công dân", dossier._onestop_refusal_receive())
        dossier.with_user(self.reception).action_onestop_reuse_documents()
        self.assertEqual(line.citizen_document_id, stored)
        self.assertTrue(line.is_submitted)
        self.assertTrue(line.is_reused)
        self.assertTrue(line.is_digitised)
        self.assertEqual(stored.reuse_count, 1)
        with self.at(2026, 3, 2, 9):
            dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.state, "received")
        self.assertTrue(line.reuse_offered)
        self.assertEqual((dossier.reused_count, dossier.reuse_offered_count), (1, 1))
        # The other lines were ticked without a file: the dossier is not fully digitised.
        self.assertFalse(dossier.is_digitised)
        # A reused line needs no new copy: the stored document was not duplicated.
        self.assertEqual(self.Stored.search_count([("partner_id", "=", self.applicant.id)]), 1)

    def test_reused_and_scanned_dossier_is_digitised(self):
        self.store()
        dossier = self.draft()
        scans = self.env["ir.attachment"].create(
            [{"name": "to-khai.pdf", "raw": PDF}, {"name": "chung-sinh.png", "raw": PNG}]
        )
        others = dossier.document_line_ids.filtered(
            lambda line: line.mandatory and line.kind_id != self.kind_id_card
        )
        for line, scan in zip(others, scans, strict=True):
            line.attachment_ids = [Command.link(scan.id)]
        dossier.with_user(self.reception).action_onestop_reuse_documents()
        self.assertTrue(dossier.is_digitised)

    def test_offer_only_the_owners_valid_documents_of_the_kind(self):
        theirs = self.store(partner=self.citizen2.partner_id)
        birth = self.store(kind=self.kind_birth)
        revoked = self.store(number="001", state="revoked", revoke_reason="Báo mất")
        expired = self.store(number="002", issue_date="2010-01-01", valid_until="2020-01-01")
        valid = self.store(number="003")
        dossier = self.draft()
        line = self.id_card_line(dossier)
        self.assertEqual(line.reusable_document_ids, valid)
        for other in (theirs, birth, revoked, expired):
            with self.subTest(document=other.name), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    line.with_user(self.reception).citizen_document_id = other
        self.assertFalse(line.citizen_document_id)

    def test_business_documents_serve_its_representative(self):
        business = self.env["res.partner"].create({"name": "Công ty TNHH Thử", "is_company": True})
        self.applicant.parent_id = business
        stored = self.store(partner=business, kind=self.kind_id_card)
        dossier = self.draft()
        self.assertEqual(self.id_card_line(dossier).reusable_document_ids, stored)

    def test_scans_of_reusable_kinds_enter_the_store_at_reception(self):
        dossier = self.draft()
        line = self.id_card_line(dossier)
        scan = self.env["ir.attachment"].create({"name": "cccd.pdf", "raw": real_pdf()})
        line.attachment_ids = [Command.link(scan.id)]
        with self.at(2026, 3, 2, 9):
            dossier.with_user(self.reception).action_receive()
        stored = line.stored_document_ids
        self.assertEqual(len(stored), 1)
        self.assertEqual(
            (stored.partner_id, stored.kind_id, stored.source, stored.dossier_id),
            (self.applicant, self.kind_id_card, "submitted", dossier),
        )
        self.assertEqual(stored.digitised_by_id, self.reception)
        self.assertEqual(stored._onestop_file_bytes(), scan.raw)
        self.assertEqual(stored.mimetype, "application/pdf")
        # Unsigned PDF: verified, not signed.
        self.assertEqual(stored.signature_state, "unsigned")
        # The next dossier is offered it.
        self.assertEqual(self.id_card_line(self.draft()).reusable_document_ids, stored)

    def test_results_enter_the_store_and_return_requires_them(self):
        self.procedure.result_digitisation_required = True
        dossier = self.received_dossier()
        dossier.sudo()._onestop_record_result(note="Đã ký")
        self.assertEqual(dossier.state, "resolved")
        self.assertFalse(dossier.stored_result_ids)
        error = dossier._onestop_action_error("return")
        self.assertIn("requires its result digitised", error)
        with self.assertRaises(UserError):
            self.wizard(
                "onestop.return.wizard", self.reception, dossier, method="desk"
            ).action_confirm()
        result = self.env["ir.attachment"].create({"name": "giay-khai-sinh.pdf", "raw": PDF})
        dossier.sudo().with_context(onestop_action=True).result_attachment_ids = [
            Command.link(result.id)
        ]
        dossier.with_user(self.reception).action_onestop_store_results()
        stored = dossier.stored_result_ids
        self.assertEqual(len(stored), 1)
        self.assertEqual(
            (stored.partner_id, stored.kind_id, stored.source, stored.number),
            (self.applicant, self.kind_birth, "result", dossier.name),
        )
        self.assertFalse(dossier._onestop_action_error("return"))
        self.wizard(
            "onestop.return.wizard", self.reception, dossier, method="desk"
        ).action_confirm()
        self.assertEqual(dossier.state, "returned")
        # Storing again adds nothing.
        dossier.with_user(self.reception).action_onestop_store_results()
        self.assertEqual(len(dossier.stored_result_ids), 1)

    def test_result_recorded_with_its_file_is_stored(self):
        dossier = self.received_dossier()
        result = self.env["ir.attachment"].create({"name": "ket-qua.pdf", "raw": PDF})
        dossier.sudo()._onestop_record_result(note="Đã ký", attachments=result)
        self.assertEqual(dossier.stored_result_ids.filename, "ket-qua.pdf")

    def test_expiry_job(self):
        stored = self.store(issue_date="2024-01-01", valid_until="2026-03-01")
        still = self.store(number="9", issue_date="2024-01-01", valid_until="2026-03-02")
        expired = self.Stored._cron_onestop_expire(when=date(2026, 3, 2))
        self.assertEqual(expired, stored)
        self.assertEqual((stored.state, still.state), ("expired", "valid"))

    def test_validity_from_the_kind(self):
        kind = self.env.ref("onestop_digital.document_kind_residence_confirmation")
        stored = self.store(kind=kind, issue_date="2026-01-10")
        self.assertEqual(stored.valid_until, date(2026, 7, 10))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.store(issue_date="2026-01-10", valid_until="2025-01-01")
        # A malformed PDF is kept, its signature marked unreadable.
        self.assertEqual(self.store(data=PDF).signature_state, "error")

    def test_revoke_needs_a_reason(self):
        stored = self.store()
        with self.assertRaises(UserError):
            stored.with_user(self.admin).action_revoke()
        stored.with_user(self.admin).write({"revoke_reason": "Giấy tờ giả"})
        stored.with_user(self.admin).action_revoke()
        self.assertEqual(stored.state, "revoked")

    def test_rights(self):
        stored = self.store()
        stored.with_user(self.specialist).read(["name"])
        with self.assertRaises(AccessError):
            stored.with_user(self.specialist).write({"number": "1"})
        with self.assertRaises(AccessError):
            stored.with_user(self.reception).unlink()
        with self.assertRaises(AccessError):
            self.Stored.with_user(self.specialist).create(
                {"partner_id": self.applicant.id, "kind_id": self.kind_id_card.id, "file": b64(PDF)}
            )
        # Citizens: their own store only, read only.
        self.assertEqual(
            self.Stored.with_user(self.citizen).search([]), stored.with_user(self.citizen)
        )
        self.assertFalse(self.Stored.with_user(self.citizen2).search([]))
        with self.assertRaises(AccessError):
            stored.with_user(self.citizen2).read(["name"])
        with self.assertRaises(AccessError):
            stored.with_user(self.citizen).write({"number": "1"})
        with self.assertRaises(AccessError):
            stored.with_user(self.portal_user).read(["file"])
        # Another company's officers see nothing.
        other_company = self.env["res.company"].create({"name": "Tỉnh khác"})
        stored.sudo().company_id = other_company
        with self.assertRaises(AccessError):
            stored.with_user(self.reception).read(["name"])
