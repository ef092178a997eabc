from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import HallCase, at


@tagged("post_install", "-at_install")
class TestTicket(HallCase):
    # ------------------------------------------------------------------ numbering
    def test_numbers_per_group_and_day(self):
        a1, a2, b1, a3 = (
            self.issue(self.service_a, 7, 30),
            self.issue(self.service_a, 7, 31),
            self.issue(self.service_b, 7, 32),
            self.issue(self.service_a, 7, 33),
        )
        self.assertEqual([t.name for t in (a1, a2, b1, a3)], ["A001", "A002", "B001", "A003"])
        self.assertEqual(a1.day, date(2026, 3, 2))
        self.assertEqual(a1.issued_hour, 7)
        self.assertEqual(a1.state, "waiting")
        # The next day starts again; another desk has its own serials.
        self.assertEqual(self.issue(self.service_a, 7, 30, day=(2026, 3, 3)).name, "A001")
        other = self.Ticket._onestop_issue(self.other_service, when=at(7, 40))
        self.assertEqual(other.name, "A001")
        self.assertEqual(other.department_id, self.other_desk)
        # Vietnam's day: 23:30 UTC on 1 March is 06:30 on 2 March.
        early = self.Ticket._onestop_issue(self.service_a, when=at(6, 30))
        self.assertEqual((early.day, early.name), (date(2026, 3, 2), "A004"))

    def test_tokens_are_unique_and_long(self):
        tickets = self.issue() | self.issue() | self.issue()
        tokens = tickets.mapped("token")
        self.assertEqual(len(set(tokens)), 3)
        self.assertTrue(all(len(token) >= 32 for token in tokens))
        self.assertEqual(self.Ticket._onestop_find_by_token(tokens[1]), tickets[1])
        self.assertFalse(self.Ticket._onestop_find_by_token(tokens[1][:-1] + "x"))

    def test_issue_refuses_bad_input(self):
        with self.assertRaises(UserError):
            self.Ticket._onestop_issue(self.service_a, priority="vip", when=at(8))
        self.service_b.active = False
        with self.assertRaises(UserError):
            self.Ticket._onestop_issue(self.service_b, when=at(8))

    # ------------------------------------------------------------------ calling
    def test_call_next_priority_then_order_then_services(self):
        a1 = self.issue(self.service_a, 8, 0)
        b1 = self.issue(self.service_b, 8, 1)
        a2 = self.issue(self.service_a, 8, 5, priority="elderly")
        a3 = self.issue(self.service_a, 8, 6)
        # Counter 1 serves A only: the elderly person first, although later.
        first = self.counter1._onestop_call_next(when=at(8, 10))
        self.assertEqual(first, a2)
        self.assertEqual(
            (a2.state, a2.counter_id, a2.called_at), ("called", self.counter1, at(8, 10))
        )
        self.assertAlmostEqual(a2.wait_minutes, 5.0)
        # A called ticket must be served or marked a no-show before the next call.
        with self.assertRaises(UserError):
            self.counter1._onestop_call_next(when=at(8, 11))
        a2._onestop_serve(when=at(8, 11))
        self.assertEqual((a2.state, a2.served_at), ("serving", at(8, 11)))
        # Calling the next one finishes the one being served.
        self.assertEqual(self.counter1._onestop_call_next(when=at(8, 20)), a1)
        self.assertEqual((a2.state, a2.done_at), ("done", at(8, 20)))
        self.assertAlmostEqual(a2.service_minutes, 9.0)
        # Counter 2 serves B only; counter 3 takes what is left of A.
        self.assertEqual(self.counter2._onestop_call_next(when=at(8, 21)), b1)
        self.assertEqual(self.counter3._onestop_call_next(when=at(8, 22)), a3)
        a3._onestop_serve(when=at(8, 23))
        self.assertFalse(self.counter3._onestop_call_next(when=at(8, 30)))
        self.assertEqual(a3.state, "done")

    def test_call_next_only_today(self):
        yesterday = self.issue(self.service_a, 8, day=(2026, 2, 27))
        self.assertFalse(self.counter1._onestop_call_next(when=at(8, 10)))
        self.assertEqual(yesterday.state, "waiting")
        self.Ticket._cron_onestop_close_days(when=at(8, 10))
        self.assertEqual((yesterday.state, yesterday.ended_at), ("cancelled", at(8, 10)))

    def test_recall_no_show_done_cancel_dated(self):
        t1, t2, t3 = self.issue(), self.issue(), self.issue()
        self.counter1._onestop_call_next(when=at(8, 10))
        t1._onestop_recall(when=at(8, 12))
        t1._onestop_recall(when=at(8, 13))
        self.assertEqual(
            (t1.recall_count, t1.called_at, t1.last_called_at), (2, at(8, 10), at(8, 13))
        )
        t1._onestop_no_show(when=at(8, 15))
        self.assertEqual((t1.state, t1.ended_at), ("no_show", at(8, 15)))
        for change in ("_onestop_serve", "_onestop_recall", "_onestop_no_show", "_onestop_done"):
            with self.assertRaises(UserError):
                getattr(t1, change)(when=at(8, 16))
        self.assertEqual(self.counter1._onestop_call_next(when=at(8, 16)), t2)
        with self.assertRaises(UserError):
            t2._onestop_done(when=at(8, 17))  # called, not served
        t2._onestop_serve(when=at(8, 17))
        t2._onestop_done(when=at(8, 25))
        self.assertEqual((t2.state, t2.done_at), ("done", at(8, 25)))
        t3._onestop_cancel(when=at(8, 26))
        self.assertEqual((t3.state, t3.ended_at), ("cancelled", at(8, 26)))
        with self.assertRaises(UserError):
            t3._onestop_cancel(when=at(8, 27))

    def test_transfer_reserved_for_the_counter(self):
        a1 = self.issue(self.service_a, 8, 0)
        b1 = self.issue(self.service_b, 8, 1)
        a2 = self.issue(self.service_a, 8, 2)
        self.counter1._onestop_call_next(when=at(8, 10))
        a1._onestop_serve(when=at(8, 11))
        a1._onestop_transfer(self.counter2, when=at(8, 15))
        self.assertEqual(
            (a1.state, a1.counter_id, a1.transfer_count), ("waiting", self.counter2, 1)
        )
        # Counter 3 serves A too but does not take a ticket sent to counter 2.
        self.assertEqual(self.counter3._onestop_call_next(when=at(8, 16)), b1)
        self.assertEqual(self.counter2._onestop_call_next(when=at(8, 17)), a1)
        self.assertEqual((a1.called_at, a1.last_called_at), (at(8, 10), at(8, 17)))
        with self.assertRaises(UserError):
            a1._onestop_transfer(self.counter2, when=at(8, 18))  # to itself
        other_counter = self.env["onestop.counter"].create(
            {"name": "X", "number": 1, "department_id": self.other_desk.id}
        )
        with self.assertRaises(UserError):
            a1._onestop_transfer(other_counter, when=at(8, 18))
        self.assertEqual(a2.state, "waiting")

    def test_position_and_expected_wait(self):
        a1 = self.issue(self.service_a, 8, 0)
        a2 = self.issue(self.service_a, 8, 1)
        self.issue(self.service_b, 8, 1)
        a3 = self.issue(self.service_a, 8, 2, priority="pregnant")
        self.assertEqual(a3._onestop_position(), 0)
        self.assertEqual(a1._onestop_position(), 1)
        self.assertEqual(a2._onestop_position(), 2)
        # The group's 8 expected minutes, over one staffed counter (counter 1) serving A.
        self.assertEqual(a2._onestop_expected_wait(), 16)
        self.counter3.user_id = self.admin
        self.assertEqual(a2._onestop_expected_wait(), 8)

    # ------------------------------------------------------------------ rights and protection
    def test_fields_change_only_through_actions(self):
        ticket = self.issue()
        for vals in ({"state": "done"}, {"name": "A999"}, {"called_at": at(9)}):
            with self.assertRaises(UserError):
                ticket.with_user(self.reception).write(vals)
        with self.assertRaises(UserError):
            self.Ticket.with_user(self.reception).create(
                {"name": "A1", "department_id": self.desk.id}
            )

    def test_officers_of_the_desk_only(self):
        ticket = self.issue()
        with self.assertRaises(AccessError):
            self.counter1.with_user(self.other_reception).action_call_next()
        with self.assertRaises(AccessError):
            self.counter1.with_user(self.specialist).action_call_next()
        # Record rules: the other desk's officer does not see the ticket.
        self.assertFalse(
            self.Ticket.with_user(self.other_reception).search([("id", "=", ticket.id)])
        )
        self.assertTrue(self.Ticket.with_user(self.reception).search([("id", "=", ticket.id)]))
        self.assertTrue(self.Ticket.with_user(self.manager).search([("id", "=", ticket.id)]))
        self.assertTrue(self.Ticket.with_user(self.leader).search([("id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            self.Ticket.with_user(self.portal_user).search([])
        # The officer's buttons act (now: nobody waits today, the form says so).
        result = self.counter1.with_user(self.reception).action_call_next()
        self.assertEqual(result["tag"], "display_notification")

    def test_receive_a_dossier_from_the_ticket(self):
        ticket = self.Ticket._onestop_issue(self.service_b, when=at(8), partner=self.partner)
        self.counter1.user_id = False
        self.counter2.user_id = self.reception
        self.counter2._onestop_call_next(when=at(8, 5))
        action = ticket.with_user(self.reception).action_receive_dossier()
        self.assertEqual(ticket.state, "serving")
        context = action["context"]
        self.assertEqual(context["default_ticket_id"], ticket.id)
        self.assertEqual(context["default_partner_id"], self.partner.id)
        self.assertEqual(context["default_procedure_id"], self.procedure_calendar_days.id)
        self.assertEqual(context["default_department_id"], self.desk.id)
        dossier = (
            self.env["onestop.dossier"].with_user(self.reception).with_context(**context).create({})
        )
        dossier.with_user(self.reception).action_receive()
        self.assertEqual(dossier.ticket_id, ticket)
        self.assertEqual(ticket.dossier_ids, dossier)
        self.assertEqual(ticket.dossier_count, 1)
        # A waiting ticket is not received from.
        waiting = self.issue()
        with self.assertRaises(UserError):
            waiting.with_user(self.reception).action_receive_dossier()

    def test_one_counter_per_officer(self):
        with self.assertRaises(ValidationError):
            self.counter2.user_id = self.reception
        self.counter2.with_user(self.reception).action_take()
        self.assertEqual(self.counter2.user_id, self.reception)
        self.assertFalse(self.counter1.user_id)
