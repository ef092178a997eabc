from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.onestop_base.models.onestop_dossier import CLOSED_STATES
from odoo.addons.onestop_base.tests.common import local

from ..models.onestop_dossier_actions import ACTIONS
from .common import WorkflowCase

STATES = (
    "draft",
    "received",
    "processing",
    "waiting_supplement",
    "resolved",
    "returned",
    *CLOSED_STATES,
)
WHEN = local(2026, 3, 2, 16, 30)


@tagged("post_install", "-at_install")
class TestActions(WorkflowCase):
    """The table of actions: when the dossier's state does not allow an action, the button,
    the window and base's state change give one reason, base's; every action window confirms
    through the one shared path, which refuses a window opened before someone else acted."""

    def dossier_in(self, state):
        if state == "draft":
            return self.make_dossier()
        dossier = self.receive(2026, 3, 2, 9, 0)
        if state in ("resolved", "returned"):
            self.to_signature(dossier)
            self.record_result(dossier, (2026, 3, 2, 15, 0))
            if state == "returned":
                self.return_result(dossier, (2026, 3, 2, 16, 0))
            return dossier
        if state == "received":
            return dossier
        self.forward(dossier, self.reception, (2026, 3, 2, 9, 30), to=self.specialist)
        with self.at(2026, 3, 2, 10, 0):
            if state == "waiting_supplement":
                dossier.sudo()._onestop_request_supplement("- Bản sao sổ hộ khẩu")
            elif state in CLOSED_STATES:
                dossier.sudo()._onestop_end(state, "Theo đề nghị của công dân.")
        return dossier

    def primitive(self, dossier, refusal, *args):
        """Base's state change whose refusal is ``refusal``, called on ``dossier``."""
        calls = {
            "pause": lambda: dossier._onestop_pause("Thiếu giấy tờ", when=WHEN),
            "resume": lambda: dossier._onestop_resume(when=WHEN),
            "resolve": lambda: dossier._onestop_resolve(when=WHEN),
            "return": lambda: dossier._onestop_return(when=WHEN),
            "close": lambda: dossier._onestop_close(args[0], "Lý do", when=WHEN),
            "reschedule": lambda: dossier._onestop_reschedule(
                local(2026, 3, 20, 17, 0), "Cần xác minh thêm", when=WHEN
            ),
        }
        return calls.get(refusal)

    def test_every_refusal_is_the_base_reason(self):
        refused = set()
        for state in STATES:
            dossier = self.dossier_in(state)
            self.assertEqual(dossier.state, state)
            for action, spec in ACTIONS.items():
                if state == "draft" and action == "supplement":
                    # The portal's request before an online draft is accepted: no clock
                    # runs, so base's pause does not say (see onestop_portal's tests).
                    continue
                refusal, *args = spec.refusal
                with self.subTest(state=state, action=action):
                    reason = getattr(dossier, "_onestop_refusal_%s" % refusal)(*args)
                    error = dossier._onestop_action_error(action)
                    dossier.invalidate_recordset()
                    self.assertEqual(
                        dossier.sudo()["wf_can_%s" % action], not error, "the button shows"
                    )
                    if not reason:
                        continue
                    refused.add(action)
                    self.assertEqual(error, reason)
                    with self.assertRaises(UserError) as caught:
                        dossier.sudo()._onestop_check_action(action)
                    self.assertEqual(caught.exception.args[0], reason)
                    primitive = self.primitive(dossier, refusal, *args)
                    if primitive:
                        with self.assertRaises(UserError) as caught:
                            primitive()
                        self.assertEqual(caught.exception.args[0], reason)
                        self.assertEqual(dossier.state, state)
        self.assertEqual(refused, set(ACTIONS), "each action was refused in some state")

    def test_the_new_appointment_is_checked_once(self):
        """An apology for an earlier date is refused with base's reason."""
        dossier = self.dossier_in("processing")
        early = local(2026, 3, 3, 9, 0)
        reason = dossier._onestop_refusal_reschedule(early)
        self.assertIn("later", reason)
        apology = self.env["onestop.dossier.apology"].create(
            {"dossier_id": dossier.id, "new_due_date": early, "reason": "Chậm"}
        )
        with self.at(2026, 3, 2, 10, 0), self.assertRaises(UserError) as caught:
            apology.with_user(self.specialist).action_confirm()
        self.assertEqual(caught.exception.args[0], reason)
        self.assertEqual(apology.state, "draft")

    def test_every_window_refuses_a_stale_confirmation(self):
        received = self.dossier_in("received")
        processing = self.dossier_in("processing")
        signing = self.to_signature(self.receive(2026, 3, 2, 9, 0))
        resolved = self.dossier_in("resolved")
        windows = [
            ("onestop.forward.wizard", self.reception, received, {}),
            ("onestop.send.back.wizard", self.specialist, processing, {"reason": "Sai sót"}),
            ("onestop.supplement.wizard", self.specialist, processing, {"missing": "- Tờ khai"}),
            *(
                (
                    "onestop.close.wizard",
                    self.specialist,
                    processing,
                    {"close_state": state, "reason": "Lý do"},
                )
                for state in CLOSED_STATES
            ),
            ("onestop.result.wizard", self.leader, signing, {"note": "Đã ký"}),
            ("onestop.return.wizard", self.reception, resolved, {}),
            (
                "onestop.transfer.wizard",
                self.specialist,
                processing,
                {"department_id": self.other_unit.id, "work": "Xác minh", "allowance": 1},
            ),
            ("onestop.reassign.wizard", self.head, processing, {"user_id": self.specialist2.id}),
        ]
        # Every action window is here, and confirms through the shared path.
        mixin = self.registry["onestop.dossier.action.mixin"]
        self.assertEqual({model for model, *_rest in windows}, set(mixin._inherit_children))
        for model, user, dossier, vals in windows:
            with self.subTest(model=model, vals=vals):
                self.assertEqual(type(self.env[model]).action_confirm, mixin.action_confirm)
                with self.at(2026, 3, 2, 16, 40):
                    window = self.wizard(model, user, dossier, **vals)
                # Meanwhile the head gives the open step to someone else.
                with self.at(2026, 3, 2, 16, 45):
                    dossier.sudo()._onestop_reassign(self.head, note="Tôi xử lý")
                lines = dossier.step_ids
                with self.at(2026, 3, 2, 16, 50), self.assertRaises(UserError) as caught:
                    window.action_confirm()
                self.assertIn("while this window was open", caught.exception.args[0])
                self.assertEqual(dossier.step_ids, lines, "nothing done")
