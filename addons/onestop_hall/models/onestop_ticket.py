import base64
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import consteq
from odoo.tools.image import image_data_uri

PRIORITIES = [
    ("none", "None"),
    ("elderly", "Elderly person"),
    ("disabled", "Person with a disability"),
    ("pregnant", "Pregnant woman"),
    ("child", "With a small child"),
    ("veteran", "War veteran or person with merit"),
]
STATES = [
    ("waiting", "Waiting"),
    ("called", "Called"),
    ("serving", "Being served"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("waiting", "called", "serving")
# Fields that change only through the ticket's dated actions (see write()).
PROTECTED = {
    "name",
    "state",
    "issued_at",
    "called_at",
    "served_at",
    "done_at",
    "ended_at",
    "counter_id",
    "token",
}
ACTION_FLAG = "onestop_hall_action"


class OnestopTicket(models.Model):
    """A queue number taken at a desk's kiosk (or at check-in of an online booking): called
    to a counter, served there, and the dossiers received from it. Every state change is a
    dated action (``when=``, naive UTC), as the dossier's primitives."""

    _name = "onestop.ticket"
    _description = "Queue ticket"
    _order = "day desc, queue_at desc, id desc"

    # ------------------------------------------------------------------ fields
    name = fields.Char(string="Number", required=True, readonly=True, index=True)
    department_id = fields.Many2one(
        "onestop.department",
        string="Reception desk",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    service_group_id = fields.Many2one(
        "onestop.hall.service", string="Service", required=True, readonly=True, ondelete="restrict"
    )
    service_group = fields.Char(related="service_group_id.name", string="Service group")
    priority = fields.Selection(PRIORITIES, required=True, default="none", readonly=True)
    is_priority = fields.Boolean(compute="_compute_is_priority", store=True)
    state = fields.Selection(STATES, required=True, default="waiting", readonly=True, index=True)
    counter_id = fields.Many2one(
        "onestop.counter",
        string="Counter",
        readonly=True,
        index="btree_not_null",
        help="The counter that called the ticket, or the one it was transferred to.",
    )
    user_id = fields.Many2one("res.users", string="Officer", readonly=True)
    day = fields.Date(required=True, readonly=True, index=True, help="The desk's local day.")
    serial = fields.Integer(readonly=True)
    issued_at = fields.Datetime(required=True, readonly=True)
    queue_at = fields.Datetime(
        required=True,
        readonly=True,
        help="Its place in the queue: when issued, or the booked slot's start.",
    )
    issued_hour = fields.Integer(readonly=True, help="The desk's local hour of issue.")
    called_at = fields.Datetime(readonly=True, help="First call.")
    last_called_at = fields.Datetime(readonly=True)
    recall_count = fields.Integer(readonly=True)
    transfer_count = fields.Integer(readonly=True)
    served_at = fields.Datetime(readonly=True)
    done_at = fields.Datetime(readonly=True)
    ended_at = fields.Datetime(readonly=True, help="When it ended as a no-show or cancelled.")
    wait_minutes = fields.Float(compute="_compute_durations", store=True, aggregator="avg")
    service_minutes = fields.Float(compute="_compute_durations", store=True, aggregator="avg")
    dossier_ids = fields.One2many("onestop.dossier", "ticket_id", string="Dossiers")
    dossier_count = fields.Integer(compute="_compute_dossier_count", store=True)
    partner_id = fields.Many2one("res.partner", string="Citizen", index="btree_not_null")
    booking_date = fields.Datetime(
        string="Booked slot", readonly=True, help="The slot of the online appointment."
    )
    booking_id = fields.Many2one("onestop.hall.booking", readonly=True, index="btree_not_null")
    token = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_user",
        default=lambda self: secrets.token_urlsafe(24),
        help="The unguessable key of the ticket's status page (its QR code).",
    )

    _sql_constraints = [
        ("token_unique", "unique(token)", "Ticket tokens are unique."),
        (
            "number_unique",
            "unique(department_id, day, name)",
            "A number is issued once a day at a desk.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("priority")
    def _compute_is_priority(self):
        for ticket in self:
            ticket.is_priority = ticket.priority != "none"

    @api.depends("issued_at", "queue_at", "called_at", "served_at", "done_at")
    def _compute_durations(self):
        for ticket in self:
            start = max(ticket.issued_at, ticket.queue_at) if ticket.queue_at else ticket.issued_at
            ticket.wait_minutes = (
                max(0.0, (ticket.called_at - start).total_seconds() / 60.0)
                if ticket.called_at and start
                else 0.0
            )
            ticket.service_minutes = (
                (ticket.done_at - ticket.served_at).total_seconds() / 60.0
                if ticket.done_at and ticket.served_at
                else 0.0
            )

    @api.depends("dossier_ids")
    def _compute_dossier_count(self):
        for ticket in self:
            ticket.dossier_count = len(ticket.dossier_ids)

    @api.depends("name", "service_group")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = ticket.name or "-"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or self.env.context.get(ACTION_FLAG)):
            raise UserError(
                self.env._("Tickets are issued by the kiosk or at check-in of a booking.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if PROTECTED & set(vals) and not (self.env.su or self.env.context.get(ACTION_FLAG)):
            raise UserError(
                self.env._(
                    "The number, state and times of a ticket change only through its actions "
                    "(call, serve, done, no-show...)."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ issuing
    @api.model
    def _onestop_issue(self, service, priority="none", when=None, partner=None, booking=None):
        """Issue the next number of ``service`` (an ``onestop.hall.service``) at its desk:
        the group's letter and the day's serial of that letter at that desk, taken like the
        dossier code's serial (``onestop.dossier.sequence._next_serial``: a short
        transaction of its own, no number twice under concurrent kiosks). No checks of
        working sessions here: the kiosk checks them."""
        when = when or fields.Datetime.now()
        service = service.sudo()
        if not service.active:
            raise UserError(self.env._("This service is not offered at the desk now."))
        if priority not in dict(PRIORITIES):
            raise UserError(self.env._("Unknown priority category."))
        desk = service.department_id
        working_time = desk._onestop_calendar()._onestop_working_time()
        day = working_time.local_date(when)
        serial = (
            self.env["onestop.dossier.sequence"]
            .sudo()
            ._next_serial("HALL/%s/%s" % (desk.id, service.letter), day)
        )
        queue_at = when
        if booking and booking.slot_start:
            queue_at = booking.slot_start
        ticket = (
            self.sudo()
            .with_context(**{ACTION_FLAG: True})
            .create(
                {
                    "name": "%s%03d" % (service.letter, serial),
                    "serial": serial,
                    "department_id": desk.id,
                    "service_group_id": service.id,
                    "priority": priority,
                    "day": day,
                    "issued_at": when,
                    "queue_at": queue_at,
                    "issued_hour": working_time._to_local(when).hour,
                    "partner_id": partner.id if partner else False,
                    "booking_id": booking.id if booking else False,
                    "booking_date": booking.slot_start if booking else False,
                }
            )
        )
        desk._onestop_hall_notify(when=when)
        return ticket.with_env(self.env)

    # ------------------------------------------------------------------ lifecycle: refusals
    # Why each state change does not apply to the ticket now: a message, or False.
    def _onestop_refusal(self, change):
        self.ensure_one()
        allowed = {
            "recall": ("called",),
            "serve": ("called",),
            "done": ("serving",),
            "no_show": ("called",),
            "transfer": ("called", "serving"),
            "cancel": ("waiting", "called"),
            "call": ("waiting",),
        }[change]
        if self.state in allowed:
            return False
        return self.env._(
            "The ticket %(ticket)s is %(state)s: it cannot be %(change)s now.",
            ticket=self.name,
            state=self._onestop_label("state", self.state),
            change=self._onestop_change_label(change),
        )

    def _onestop_change_label(self, change):
        return {
            "recall": self.env._("called again"),
            "serve": self.env._("served"),
            "done": self.env._("finished"),
            "no_show": self.env._("marked as a no-show"),
            "transfer": self.env._("transferred"),
            "cancel": self.env._("cancelled"),
            "call": self.env._("called"),
        }[change]

    def _onestop_check_refusal(self, change):
        for ticket in self:
            reason = ticket._onestop_refusal(change)
            if reason:
                raise UserError(reason)

    def _onestop_label(self, field, value):
        return dict(self._fields[field]._description_selection(self.env)).get(value, "-")

    # ------------------------------------------------------------------ lifecycle: primitives
    # No rights checks: the buttons check first, then call these. Each takes ``when`` (naive
    # UTC) for dated history and tests, and tells the hall's screen.
    def _onestop_write(self, vals):
        self.sudo().with_context(**{ACTION_FLAG: True}).write(vals)

    def _onestop_call(self, counter, when=None):
        """The counter calls the ticket (see ``onestop.counter._onestop_call_next``)."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("call")
        self._onestop_write(
            {
                "state": "called",
                "counter_id": counter.id,
                "user_id": self.env.user.id,
                "called_at": self.called_at or when,
                "last_called_at": when,
            }
        )
        self.department_id._onestop_hall_notify(announce=self, when=when)
        return self

    def _onestop_recall(self, when=None):
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("recall")
        for ticket in self:
            ticket._onestop_write({"last_called_at": when, "recall_count": ticket.recall_count + 1})
            ticket.department_id._onestop_hall_notify(announce=ticket, when=when)
        return True

    def _onestop_serve(self, when=None):
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("serve")
        for ticket in self:
            ticket._onestop_write({"state": "serving", "served_at": ticket.served_at or when})
            ticket.department_id._onestop_hall_notify(when=when)
        return True

    def _onestop_done(self, when=None):
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("done")
        for ticket in self:
            ticket._onestop_write({"state": "done", "done_at": when})
            ticket.department_id._onestop_hall_notify(when=when)
        return True

    def _onestop_no_show(self, when=None):
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("no_show")
        for ticket in self:
            ticket._onestop_write({"state": "no_show", "ended_at": when})
            ticket.department_id._onestop_hall_notify(when=when)
        return True

    def _onestop_cancel(self, when=None):
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("cancel")
        for ticket in self:
            ticket._onestop_write({"state": "cancelled", "ended_at": when})
            ticket.department_id._onestop_hall_notify(when=when)
        return True

    def _onestop_transfer(self, counter, when=None):
        """Back to the queue, reserved for ``counter`` (another counter of the same desk),
        which calls it before its other tickets; its place stays its first one."""
        when = when or fields.Datetime.now()
        self._onestop_check_refusal("transfer")
        for ticket in self:
            if counter.department_id != ticket.department_id or counter == ticket.counter_id:
                raise UserError(
                    self.env._(
                        "Transfer the ticket %(ticket)s to another counter of the same desk.",
                        ticket=ticket.name,
                    )
                )
            ticket._onestop_write(
                {
                    "state": "waiting",
                    "counter_id": counter.id,
                    "transfer_count": ticket.transfer_count + 1,
                }
            )
            ticket.department_id._onestop_hall_notify(when=when)
        return True

    # ------------------------------------------------------------------ rights
    def _onestop_check_desk(self):
        """Only the officers of the ticket's desk (reception group) and administrators act
        on its tickets."""
        self._onestop_check_desk_user(self.department_id)

    @api.model
    def _onestop_check_desk_user(self, desks):
        """Raise unless the user is an administrator or a reception officer of ``desks``."""
        if self.env.su or self.env.user.has_group("onestop_base.group_onestop_admin"):
            return
        if not self.env.user.has_group("onestop_base.group_onestop_reception"):
            raise AccessError(self.env._("Only reception officers act on queue tickets."))
        outside = desks.sudo() - self.env.user.sudo().onestop_department_ids
        if outside:
            raise AccessError(
                self.env._(
                    "Only the officers of %(desk)s act on its tickets and counters.",
                    desk=outside[:1].display_name,
                )
            )

    # ------------------------------------------------------------------ buttons
    def action_recall(self):
        self._onestop_check_desk()
        return self._onestop_recall()

    def action_serve(self):
        self._onestop_check_desk()
        return self._onestop_serve()

    def action_done(self):
        self._onestop_check_desk()
        return self._onestop_done()

    def action_no_show(self):
        self._onestop_check_desk()
        return self._onestop_no_show()

    def action_cancel(self):
        self._onestop_check_desk()
        return self._onestop_cancel()

    def action_open_transfer(self):
        self.ensure_one()
        self._onestop_check_desk()
        self._onestop_check_refusal("transfer")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to another counter"),
            "res_model": "onestop.ticket.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_receive_dossier(self):
        """A new dossier form, prefilled from the ticket (desk, citizen, the group's only
        procedure); the dossier links back to the ticket. A called ticket is now served."""
        self.ensure_one()
        self._onestop_check_desk()
        if self.state == "called":
            self._onestop_serve()
        if self.state != "serving":
            raise UserError(
                self.env._(
                    "Call the ticket %(ticket)s to your counter before receiving its dossier.",
                    ticket=self.name,
                )
            )
        procedures = self.service_group_id._onestop_procedures()
        context = {
            "default_ticket_id": self.id,
            "default_department_id": self.department_id.id,
            "default_channel": "in_person",
        }
        if self.partner_id:
            context["default_partner_id"] = self.partner_id.id
        if len(procedures) == 1:
            context["default_procedure_id"] = procedures.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New dossier from ticket %(ticket)s", ticket=self.name),
            "res_model": "onestop.dossier",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_view_dossiers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossiers"),
            "res_model": "onestop.dossier",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
        }

    # ------------------------------------------------------------------ queue
    def _onestop_position(self):
        """How many tickets the desk calls before this one (0: it is next), by the order
        of ``onestop.counter._onestop_call_next``, among those the same counters serve."""
        self.ensure_one()
        if self.state != "waiting":
            return 0
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT count(*) FROM onestop_ticket t
             WHERE t.department_id = %(desk)s AND t.day = %(day)s AND t.state = 'waiting'
               AND t.id != %(id)s
               AND (t.service_group_id = %(service)s
                    OR (t.counter_id IS NOT NULL AND t.counter_id = %(counter)s))
               AND (t.is_priority, -extract(epoch FROM t.queue_at), -t.id)
                   > (%(prio)s, -extract(epoch FROM %(queue_at)s::timestamp), -%(id)s)
            """,
            {
                "desk": self.department_id.id,
                "day": self.day,
                "id": self.id,
                "service": self.service_group_id.id,
                "counter": self.counter_id.id or 0,
                "prio": self.is_priority,
                "queue_at": self.queue_at,
            },
        )
        return self.env.cr.fetchone()[0]

    def _onestop_expected_wait(self):
        """Expected minutes until the ticket is called: the people before it times the
        day's median service time of its group (or the group's expected minutes), over the
        counters that serve the group and have an officer."""
        self.ensure_one()
        position = self._onestop_position()
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY service_minutes)
              FROM onestop_ticket
             WHERE department_id = %s AND day = %s AND service_group_id = %s
               AND state = 'done' AND service_minutes > 0
            """,
            [self.department_id.id, self.day, self.service_group_id.id],
        )
        median = self.env.cr.fetchone()[0]
        minutes = median or self.service_group_id.service_minutes or 8
        counters = (
            self.env["onestop.counter"]
            .sudo()
            .search_count(
                [
                    ("department_id", "=", self.department_id.id),
                    ("service_ids", "in", self.service_group_id.ids),
                    ("user_id", "!=", False),
                ]
            )
        )
        return round(position * minutes / max(counters, 1))

    # ------------------------------------------------------------------ public page
    @api.model
    def _onestop_find_by_token(self, token):
        """The ticket of a status page's token (compared in constant time), or nothing."""
        ticket = self.sudo().search([("token", "=", token)], limit=1)
        if ticket and consteq(ticket.token, token):
            return ticket
        return self.browse()

    def _onestop_status_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return "%s/onestop/ticket/%s" % (base, self.sudo().token)

    def _onestop_qr(self):
        """The QR code of the status page, as a PNG data URI."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._onestop_status_url(), width=240, height=240, quiet=0, barLevel="M"
        )
        return image_data_uri(base64.b64encode(png))

    def _onestop_public_values(self):
        """What the ticket and its status page show: the number, the service, the place in
        the queue; never a name."""
        self.ensure_one()
        desk = self.department_id.sudo()
        waiting = self.state == "waiting"
        return {
            "ticket": self,
            "number": self.name,
            "desk_name": desk.name,
            "agency_name": desk.agency_id.name,
            "service_name": self.service_group_id.name,
            "priority": self.priority != "none" and self._onestop_label("priority", self.priority),
            "issued": desk._onestop_hall_format(self.issued_at),
            "state": self.state,
            "state_label": self._onestop_label("state", self.state),
            "counter": self.counter_id.number if self.state in ("called", "serving") else False,
            "position": self._onestop_position() if waiting else False,
            "expected_wait": self._onestop_expected_wait() if waiting else False,
            "qr": self._onestop_qr(),
            "status_url": self._onestop_status_url(),
        }

    # ------------------------------------------------------------------ jobs
    @api.model
    def _cron_onestop_close_days(self, when=None):
        """Tickets of past days still open are cancelled (the citizen left; the numbers of a
        new day start again)."""
        when = when or fields.Datetime.now()
        stale = self.sudo().search([("state", "in", OPEN_STATES), ("day", "<", when.date())])
        for ticket in stale:
            if ticket.day < ticket.department_id._onestop_hall_working_time().local_date(when):
                ticket._onestop_write({"state": "cancelled", "ended_at": when})
        return True
