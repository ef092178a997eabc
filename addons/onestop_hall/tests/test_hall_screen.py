import json
import socket
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import TestCursor
from odoo.tests import HttpCase, tagged

from odoo.addons.bus.models.bus import dispatch, hashable
from odoo.addons.bus.websocket import WebsocketConnectionHandler

from ..models.onestop_department import BUS_CHANNEL, BUS_TYPE
from .common import HallCase, at

SCREEN = "/onestop/hall/T00.00.01.X01"


@tagged("post_install", "-at_install")
class TestHallScreen(HttpCase, HallCase):
    """The hall's screen: numbers and counters only, updated through the bus."""

    def bus_messages(self):
        """The screen's notifications written so far in this transaction."""
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].sudo().search([], order="id")
        channel = json.dumps([self.env.cr.dbname, BUS_CHANNEL % self.desk.id]).replace(" ", "")
        result = []
        for message in messages:
            if message.channel.replace(" ", "") == channel:
                body = json.loads(message.message)
                self.assertEqual(body["type"], BUS_TYPE)
                result.append(body["payload"])
        return result

    def test_each_call_is_sent_on_the_desks_channel(self):
        self.Ticket._onestop_issue(self.service_a, when=at(8), partner=self.partner)
        self.Ticket._onestop_issue(self.service_b, when=at(8, 1))
        self.counter3._onestop_call_next(when=at(8, 5))
        payload = self.bus_messages()[-1]
        self.assertEqual(payload["announce"], {"number": "A001", "counter": 3})
        self.assertEqual(payload["called"], [{"number": "A001", "counter": 3, "state": "called"}])
        self.assertEqual(payload["next"], ["B001"])
        self.assertEqual(
            [(s["letter"], s["waiting"]) for s in payload["services"]], [("A", 0), ("B", 1)]
        )
        text = json.dumps(payload, ensure_ascii=False)
        for secret in (self.partner.name, self.partner.phone, self.reception.name):
            self.assertNotIn(secret, text)

    def test_screen_and_its_state_show_no_personal_data(self):
        now = fields.Datetime.now()
        ticket = self.Ticket._onestop_issue(self.service_a, when=now, partner=self.partner)
        self.Ticket._onestop_issue(self.service_a, when=now)
        self.counter1._onestop_call_next(when=now)
        page = self.url_open(SCREEN)
        self.assertEqual(page.status_code, 200)
        self.assertIn('data-number="%s"' % ticket.name, page.text)
        self.assertIn('data-channel="%s"' % (BUS_CHANNEL % self.desk.id), page.text)
        state = self.url_open(SCREEN + "/state").json()
        self.assertEqual(state["called"][0]["number"], ticket.name)
        self.assertEqual(state["next"], ["A002"])
        for text in (page.text, json.dumps(state, ensure_ascii=False)):
            for secret in (self.partner.name, self.partner.phone, self.reception.name):
                self.assertNotIn(secret, text)
        self.assertEqual(self.url_open("/onestop/hall/X99.99.99.X99").status_code, 404)

    def run_screen_tour(self, tour, kill=False):
        """A browser on the screen, tickets A001 and A002 waiting; the tour calls at counter
        3. Odoo's bus cannot notify during tests (their transactions never commit), so the
        test does what PostgreSQL's NOTIFY does after a commit: it wakes the websockets
        subscribed to the channels the committed request wrote to. With ``kill``, the
        screen's connection is cut instead when the call is made (at the commit, or when
        its subscription arrives after the call), as a network failure would."""
        now = fields.Datetime.now()
        self.Ticket._onestop_issue(self.service_a, when=now, partner=self.partner)
        self.Ticket._onestop_issue(self.service_a, when=now)
        original_commit = TestCursor.commit
        original_subscribe = type(dispatch).subscribe
        called, killed = [], []

        def cut(websocket):
            killed.append(websocket)
            websocket._Websocket__socket.shutdown(socket.SHUT_RDWR)

        def commit(cursor):
            channels = list(cursor.postcommit.data.get("bus.bus.channels", ()))
            original_commit(cursor)
            called.extend(channels)
            for channel in channels:
                for websocket in list(dispatch._channels_to_ws.get(hashable(channel), ())):
                    if kill and not killed:
                        cut(websocket)
                    else:
                        websocket.trigger_notification_dispatching()

        def subscribe(self, channels, last, db, websocket):
            if kill and called and not killed:
                return cut(websocket)
            return original_subscribe(self, channels, last, db, websocket)

        with (
            patch.object(WebsocketConnectionHandler, "websocket_allowed", return_value=True),
            patch.object(TestCursor, "commit", commit),
            patch.object(type(dispatch), "subscribe", subscribe),
        ):
            self.start_tour(SCREEN, tour, login="t_reception")
        ticket = self.Ticket.search([("name", "=", "A001"), ("department_id", "=", self.desk.id)])
        self.assertEqual((ticket.state, ticket.counter_id), ("called", self.counter3))
        return killed

    def test_tour_the_call_arrives_through_the_bus(self):
        self.run_screen_tour("onestop_hall_screen_tour")

    def test_tour_a_screen_cut_off_resumes_the_current_state(self):
        self.assertTrue(self.run_screen_tour("onestop_hall_screen_reconnect_tour", kill=True))

    def test_tour_from_the_ticket_to_the_dossier(self):
        """The officer's screen in the web client: call, receive the dossier, done."""
        now = fields.Datetime.now()
        ticket = self.Ticket._onestop_issue(self.service_b, when=now, partner=self.partner)
        self.counter1.user_id = False
        self.counter2.user_id = self.reception
        self.start_tour(
            "/odoo/onestop.counter/%s" % self.counter2.id,
            "onestop_hall_counter_tour",
            login="t_reception",
        )
        self.assertEqual(ticket.state, "serving")
        self.assertEqual(ticket.counter_id, self.counter2)
        dossier = ticket.dossier_ids
        self.assertEqual(len(dossier), 1)
        self.assertEqual(
            (dossier.state, dossier.procedure_id, dossier.partner_id),
            ("received", self.procedure_calendar_days, self.partner),
        )
        self.assertTrue(dossier.name.startswith("T00.00.01.X01-"))
