from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.modules import module


class OnestopCounter(models.Model):
    """A counter (quầy) of a reception desk: its number on the hall's screen, the service
    groups it serves and the officer now at it. The officer calls the next ticket here."""

    _name = "onestop.counter"
    _description = "Counter of a reception desk"
    _order = "department_id, number, id"

    name = fields.Char(required=True, translate=True)
    number = fields.Integer(required=True, help="The number the hall's screen shows.")
    department_id = fields.Many2one(
        "onestop.department",
        string="Reception desk",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("kind", "=", "desk")],
    )
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    service_ids = fields.Many2many(
        "onestop.hall.service",
        "onestop_counter_service_rel",
        "counter_id",
        "service_id",
        string="Services",
        help="The service groups (procedure fields and procedures) whose tickets it calls.",
    )
    user_id = fields.Many2one(
        "res.users", string="Officer", index="btree_not_null", help="The officer now at it."
    )
    active = fields.Boolean(default=True)
    current_ticket_id = fields.Many2one(
        "onestop.ticket", compute="_compute_current_ticket", string="Current ticket"
    )
    current_state = fields.Selection(
        [("called", "Called"), ("serving", "Being served")],
        compute="_compute_current_ticket",
        string="Ticket state",
    )
    waiting_count = fields.Integer(compute="_compute_current_ticket", string="Waiting")

    _sql_constraints = [
        ("number_unique", "unique(department_id, number)", "Counter numbers are unique at a desk."),
        ("number_positive", "CHECK(number > 0)", "A counter's number is positive."),
    ]

    @api.constrains("service_ids", "department_id")
    def _check_services(self):
        for counter in self:
            if counter.service_ids.department_id - counter.department_id:
                raise ValidationError(
                    self.env._("A counter serves the service groups of its own desk only.")
                )

    @api.constrains("user_id", "active")
    def _check_one_counter_per_officer(self):
        for counter in self.filtered(lambda c: c.user_id and c.active):
            if self.search_count([("user_id", "=", counter.user_id.id), ("id", "!=", counter.id)]):
                raise ValidationError(
                    self.env._("%(user)s is already at another counter.", user=counter.user_id.name)
                )

    def _compute_current_ticket(self):
        Ticket = self.env["onestop.ticket"]
        for counter in self:
            counter.current_ticket_id = counter._onestop_current_ticket()
            counter.current_state = counter.current_ticket_id.state
            counter.waiting_count = Ticket.search_count(
                [
                    ("department_id", "=", counter.department_id.id),
                    ("state", "=", "waiting"),
                    ("day", "=", counter._onestop_today()),
                    "|",
                    ("counter_id", "=", counter.id),
                    "&",
                    ("counter_id", "=", False),
                    ("service_group_id", "in", counter.service_ids.ids),
                ]
            )

    def _onestop_current_ticket(self):
        """The ticket called or being served at the counter now (read afresh)."""
        self.ensure_one()
        return self.env["onestop.ticket"].search(
            [("counter_id", "=", self.id), ("state", "in", ("called", "serving"))],
            order="last_called_at desc, id desc",
            limit=1,
        )

    def _onestop_today(self, when=None):
        self.ensure_one()
        working_time = self.department_id._onestop_calendar()._onestop_working_time()
        return working_time.local_date(when or fields.Datetime.now())

    # ------------------------------------------------------------------ primitives
    def _onestop_call_next(self, when=None):
        """Call the next ticket of the day at this counter: those transferred to it first,
        then priority categories, then the order of the queue; only the counter's services.
        A ticket being served here is finished first; a called one must be served or marked
        a no-show. Returns the ticket, or an empty recordset when nobody waits.

        Concurrent counters never get the same ticket: the call runs in a short transaction
        of its own, at the READ COMMITTED level, that locks the ticket it takes and skips
        those other counters hold (``FOR UPDATE SKIP LOCKED``), and commits at once (then the
        screen hears of it). In the request's own snapshot a ticket taken by another counter
        a moment ago would raise a serialisation failure instead. While modules load and
        under tests (rolled back), it runs in the caller's transaction."""
        self.ensure_one()
        if module.current_test or not self.env.registry.ready:
            return self._onestop_take_next(when)
        with self.env.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            ticket_id = self.with_env(self.env(cr=cr))._onestop_take_next(when).id
        return self.env["onestop.ticket"].browse(ticket_id or [])

    def _onestop_take_next(self, when=None):
        self.ensure_one()
        when = when or fields.Datetime.now()
        current = self._onestop_current_ticket()
        if current.state == "called":
            raise UserError(
                self.env._(
                    "The ticket %(ticket)s is called at this counter: serve it or mark it a "
                    "no-show first.",
                    ticket=current.name,
                )
            )
        if current.state == "serving":
            current._onestop_done(when=when)
        services = tuple(self.service_ids.ids) or (0,)
        self.env["onestop.ticket"].flush_model()
        self.env.cr.execute(
            """
            SELECT id FROM onestop_ticket
             WHERE department_id = %(desk)s AND day = %(day)s AND state = 'waiting'
               AND ((counter_id IS NULL AND service_group_id IN %(services)s)
                    OR counter_id = %(counter)s)
             ORDER BY (counter_id IS NOT NULL) DESC, is_priority DESC, queue_at, id
             LIMIT 1
               FOR UPDATE SKIP LOCKED
            """,
            {
                "desk": self.department_id.id,
                "day": self._onestop_today(when),
                "services": services,
                "counter": self.id,
            },
        )
        row = self.env.cr.fetchone()
        ticket = self.env["onestop.ticket"].browse(row[0] if row else [])
        if ticket:
            ticket._onestop_call(self, when=when)
        return ticket

    # ------------------------------------------------------------------ rights
    def _onestop_check_officer(self):
        """An officer of the counter's desk, or an administrator."""
        self.env["onestop.ticket"]._onestop_check_desk_user(self.department_id)

    # ------------------------------------------------------------------ buttons
    def action_take(self):
        """The officer sits at this counter (and leaves any other)."""
        self.ensure_one()
        self.check_access("read")
        self._onestop_check_officer()
        others = self.sudo().search([("user_id", "=", self.env.uid), ("id", "!=", self.id)])
        others.write({"user_id": False})
        self.sudo().write({"user_id": self.env.uid})
        self.department_id._onestop_hall_notify()
        return True

    def action_leave(self):
        self.ensure_one()
        self.check_access("read")
        self._onestop_check_officer()
        self.sudo().write({"user_id": False})
        self.department_id._onestop_hall_notify()
        return True

    def action_call_next(self):
        self.ensure_one()
        self._onestop_check_officer()
        ticket = self._onestop_call_next()
        if not ticket:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "message": self.env._("Nobody is waiting for this counter."),
                    "type": "info",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _onestop_current(self):
        self.ensure_one()
        ticket = self._onestop_current_ticket()
        if not ticket:
            raise UserError(self.env._("No ticket is called at this counter."))
        return ticket

    def action_recall(self):
        return self._onestop_current().action_recall()

    def action_serve(self):
        return self._onestop_current().action_serve()

    def action_done(self):
        return self._onestop_current().action_done()

    def action_no_show(self):
        return self._onestop_current().action_no_show()

    def action_open_transfer(self):
        return self._onestop_current().action_open_transfer()

    def action_receive_dossier(self):
        return self._onestop_current().action_receive_dossier()

    # ------------------------------------------------------------------ menu
    @api.model
    def _onestop_action_my_counter(self):
        """The officer's counter, or the desk's counters to take one."""
        counter = self.search([("user_id", "=", self.env.uid)], limit=1)
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("My counter"),
            "res_model": "onestop.counter",
        }
        if counter:
            action.update({"view_mode": "form", "res_id": counter.id})
        else:
            action.update({"view_mode": "list,form", "views": [(False, "list"), (False, "form")]})
        return action
