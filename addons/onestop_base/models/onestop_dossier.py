import secrets

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from ..tools.working_time import WORKING_DAYS
from .onestop_procedure import TIME_UNITS

CHANNELS = [("in_person", "In person"), ("online", "Online"), ("postal", "Postal service")]
RETURN_METHODS = [("desk", "At the desk"), ("postal", "Postal service"), ("online", "Online")]
STATES = [
    ("draft", "Draft"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("waiting_supplement", "Waiting for supplement"),
    ("resolved", "Resolved"),
    ("returned", "Returned"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("stopped", "Stopped"),
]
# The clock runs in these states.
RUNNING_STATES = ("received", "processing")
# Received and not ended.
OPEN_STATES = ("received", "processing", "waiting_supplement")
# Ended without a result.
CLOSED_STATES = ("refused", "withdrawn", "stopped")
TIMINGS = [("early", "Early"), ("on_time", "On time"), ("late", "Late")]
# Written only by the actions (under the onestop_action flag) or the superuser.
PROTECTED_FIELDS = frozenset(
    {
        "name",
        "received_date",
        "due_date",
        "state",
        "tracking_token",
        "due_changed_date",
        "first_pause_date",
    }
)


class OnestopDossier(models.Model):
    """A citizen's or a business's application for one procedure (hồ sơ)."""

    _name = "onestop.dossier"
    _description = "Dossier"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, received_date desc, id desc"
    _mail_post_access = "read"

    # ------------------------------------------------------------------ identity
    name = fields.Char(
        string="Code", default="/", copy=False, readonly=True, index="trigram", tracking=True
    )
    procedure_id = fields.Many2one(
        "onestop.procedure", required=True, index=True, tracking=True, ondelete="restrict"
    )
    field_id = fields.Many2one(
        related="procedure_id.field_id", store=True, index=True, string="Field"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Applicant", required=True, index=True, tracking=True
    )
    applicant_id_number = fields.Char(
        related="partner_id.onestop_id_number", readonly=False, string="ID number"
    )
    applicant_phone = fields.Char(related="partner_id.phone", readonly=False, string="Phone")
    applicant_email = fields.Char(related="partner_id.email", readonly=False, string="Email")
    applicant_address = fields.Char(compute="_compute_applicant_address", string="Address")
    channel = fields.Selection(CHANNELS, required=True, default="in_person", tracking=True)
    department_id = fields.Many2one(
        "onestop.department",
        string="Receiving unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_department(),
    )
    department_ids = fields.Many2many(
        "onestop.department",
        "onestop_dossier_department_rel",
        "dossier_id",
        "department_id",
        string="Departments involved",
        compute="_compute_department_ids",
        store=True,
        help="The receiving unit and every unit the dossier passes through: who may see it.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        help="Who holds the dossier now.",
    )
    reception_user_id = fields.Many2one("res.users", string="Received by", readonly=True)
    active = fields.Boolean(default=True, tracking=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    note = fields.Html(string="Internal note")
    parent_id = fields.Many2one(
        "onestop.dossier",
        string="Parent dossier",
        index="btree_not_null",
        ondelete="restrict",
        help="For a part of an inter-agency dossier: the dossier it belongs to.",
    )
    child_ids = fields.One2many("onestop.dossier", "parent_id", string="Inter-agency parts")

    # ------------------------------------------------------------------ state and dated facts
    state = fields.Selection(
        STATES, required=True, default="draft", index=True, tracking=True, copy=False
    )
    received_date = fields.Datetime(index=True, copy=False, readonly=True, tracking=True)
    due_date = fields.Datetime(
        string="Appointment date", index=True, copy=False, readonly=True, tracking=True
    )
    initial_due_date = fields.Datetime(string="Initial appointment date", copy=False, readonly=True)
    resolved_date = fields.Datetime(index=True, copy=False, readonly=True, tracking=True)
    returned_date = fields.Datetime(index=True, copy=False, readonly=True, tracking=True)
    ended_date = fields.Datetime(
        index=True,
        copy=False,
        readonly=True,
        help="When the dossier ended without a result (refused, withdrawn, stopped).",
    )
    end_reason = fields.Text(copy=False, tracking=True)
    time_limit = fields.Float(copy=False, readonly=True)
    time_unit = fields.Selection(TIME_UNITS, copy=False, readonly=True)
    cutoff_hour = fields.Float(string="Cutoff hour", copy=False, readonly=True)
    online_level = fields.Selection(
        [("none", "Not online"), ("partial", "Partly online"), ("full", "Fully online")],
        string="Procedure online level",
        copy=False,
        readonly=True,
        help="The procedure's online level when the dossier was received: the online rate of a "
        "past period counts the procedures offered online then.",
    )
    result_timing = fields.Selection(
        TIMINGS,
        compute="_compute_result_timing",
        store=True,
        help="Resolved before the due date's day, on that day in time, or late.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    deadline_risk = fields.Selection(
        [("none", "No deadline"), ("within", "Within"), ("soon", "Due soon"), ("late", "Overdue")],
        compute="_compute_deadline_risk",
        help="Overdue, due within one working day, or within its deadline.",
    )
    in_my_departments = fields.Boolean(
        compute="_compute_in_my_departments",
        search="_search_in_my_departments",
        string="In my departments",
    )
    pause_ids = fields.One2many("onestop.dossier.pause", "dossier_id", string="Pauses")
    deadline_change_ids = fields.One2many(
        "onestop.dossier.deadline", "dossier_id", string="Deadline changes"
    )
    paused_hours = fields.Float(
        compute="_compute_paused_hours", store=True, help="Working time spent waiting."
    )
    # Stored facts, written by the primitives when they become known, so that the period
    # statistics read them instead of searching the history of every dossier: with them, a
    # dossier's due date in force at a moment, and whether it was waiting then, are looked up
    # in its pauses and deadline changes only when these happened after that moment.
    due_changed_date = fields.Datetime(
        string="Due date last changed",
        copy=False,
        readonly=True,
        help="When the due date last moved (a pause ended, a new appointment date).",
    )
    first_pause_date = fields.Datetime(
        string="First waited for a supplement",
        copy=False,
        readonly=True,
        help="When the dossier first waited for a supplement.",
    )

    # ------------------------------------------------------------------ documents, fees, return
    document_line_ids = fields.One2many(
        "onestop.dossier.document", "dossier_id", string="Documents", copy=True
    )
    fee_line_ids = fields.One2many("onestop.dossier.fee", "dossier_id", string="Fees", copy=True)
    currency_id = fields.Many2one(related="procedure_id.currency_id")
    fee_total = fields.Monetary(compute="_compute_fee_total", store=True)
    fee_paid = fields.Boolean(string="Fees paid", tracking=True, copy=False)
    is_digitised = fields.Boolean(
        string="Digitised",
        compute="_compute_is_digitised",
        store=True,
        help="Every document received has a scanned or uploaded file.",
    )
    return_method = fields.Selection(RETURN_METHODS, default="desk", required=True, tracking=True)
    return_address = fields.Char(help="Where the postal service brings the result.")
    postal_tracking_ref = fields.Char(string="Postal tracking number", copy=False, tracking=True)
    result_note = fields.Text(string="Result", copy=False)
    rating_ids = fields.One2many("onestop.dossier.rating", "dossier_id", string="Ratings")

    # ------------------------------------------------------------------ public tracking
    tracking_token = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_user",
        default=lambda self: secrets.token_urlsafe(32),
        help="An unguessable token (256 random bits) in the receipt's QR code.",
    )

    _sql_constraints = [
        ("tracking_token_unique", "unique(tracking_token)", "Tracking tokens are unique."),
        (
            "ended_after_received",
            "CHECK(ended_date IS NULL OR received_date IS NULL OR ended_date >= received_date)",
            "A dossier cannot end before it is received.",
        ),
        (
            "dates_order",
            "CHECK(resolved_date IS NULL OR received_date IS NULL "
            "OR resolved_date >= received_date)",
            "A dossier cannot be resolved before it is received.",
        ),
    ]

    def init(self):
        # One code per dossier; the parts of an inter-agency dossier keep their parent's code.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS onestop_dossier_code_unique
                ON onestop_dossier (name) WHERE name != '/' AND parent_id IS NULL
            """
        )

    # ------------------------------------------------------------------ defaults
    def _default_department(self):
        departments = self.env.user.onestop_department_ids
        return departments.filtered(lambda d: d.kind == "desk")[:1] or departments[:1]

    # ------------------------------------------------------------------ constraints
    @api.constrains("department_id", "procedure_id")
    def _check_receiving_department(self):
        for dossier in self:
            allowed = dossier.procedure_id.receiving_department_ids
            if allowed and dossier.department_id not in allowed and not dossier.parent_id:
                raise ValidationError(
                    self.env._(
                        "%(unit)s does not receive dossiers of the procedure %(procedure)s.",
                        unit=dossier.department_id.display_name,
                        procedure=dossier.procedure_id.display_name,
                    )
                )

    @api.constrains("return_method", "return_address", "state")
    def _check_return_address(self):
        for dossier in self:
            if (
                dossier.state != "draft"
                and dossier.return_method == "postal"
                and not (dossier.return_address or dossier.applicant_address)
            ):
                raise ValidationError(
                    self.env._("A result returned by post needs the applicant's address.")
                )

    # ------------------------------------------------------------------ computes
    @api.depends("department_id")
    def _compute_department_ids(self):
        for dossier in self:
            dossier.department_ids = dossier.department_id

    @api.depends("partner_id.contact_address")
    def _compute_applicant_address(self):
        for dossier in self:
            dossier.applicant_address = (
                dossier.partner_id._onestop_address_line() if dossier.partner_id else False
            )

    @api.depends("department_id")
    def _compute_company_id(self):
        for dossier in self:
            if dossier.department_id:
                dossier.company_id = dossier.department_id.company_id
            elif not dossier.company_id:
                dossier.company_id = self.env.company

    @api.depends("resolved_date", "due_date")
    def _compute_result_timing(self):
        for dossier in self:
            dossier.result_timing = dossier._timing_at(dossier.resolved_date)

    def _timing_at(self, when):
        """Early, on time or late for a result at ``when`` (False without a date)."""
        self.ensure_one()
        if not when or not self.due_date:
            return False
        return self._onestop_working_time().timing(when, self.due_date)

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for dossier in self:
            dossier.is_overdue = bool(
                dossier.state in RUNNING_STATES and dossier.due_date and dossier.due_date < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search on overdue dossiers with = or != and a boolean."))
        overdue = [
            ("state", "in", list(RUNNING_STATES)),
            ("due_date", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends("due_date", "state")
    def _compute_deadline_risk(self):
        now = fields.Datetime.now()
        for dossier in self:
            if dossier.state not in RUNNING_STATES or not dossier.due_date:
                dossier.deadline_risk = "none"
            elif dossier.due_date < now:
                dossier.deadline_risk = "late"
            elif dossier.due_date <= dossier._one_working_day_from(now):
                dossier.deadline_risk = "soon"
            else:
                dossier.deadline_risk = "within"

    @api.depends_context("uid")
    @api.depends("department_ids")
    def _compute_in_my_departments(self):
        mine = self.env.user.onestop_department_ids
        for dossier in self:
            dossier.in_my_departments = bool(dossier.department_ids & mine)

    def _search_in_my_departments(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search on your departments with = or != and a boolean."))
        domain = [("department_ids", "in", self.env.user.onestop_department_ids.ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("pause_ids.working_hours")
    def _compute_paused_hours(self):
        for dossier in self:
            dossier.paused_hours = sum(dossier.pause_ids.mapped("working_hours"))

    @api.depends("fee_line_ids.amount")
    def _compute_fee_total(self):
        for dossier in self:
            dossier.fee_total = sum(dossier.fee_line_ids.mapped("amount"))

    @api.depends("document_line_ids.attachment_ids", "document_line_ids.is_submitted")
    def _compute_is_digitised(self):
        for dossier in self:
            submitted = dossier.document_line_ids.filtered("is_submitted")
            dossier.is_digitised = bool(submitted) and all(
                line.attachment_ids for line in submitted
            )

    @api.depends("name", "procedure_id")
    def _compute_display_name(self):
        for dossier in self:
            if dossier.name and dossier.name != "/":
                dossier.display_name = dossier.name
            else:
                dossier.display_name = self.env._(
                    "Draft dossier (%(procedure)s)", procedure=dossier.procedure_id.name or "-"
                )

    def _compute_access_url(self):
        for dossier in self:
            dossier.access_url = "/my/dossiers/%s" % dossier.id

    # ------------------------------------------------------------------ onchanges
    @api.onchange("procedure_id")
    def _onchange_procedure_id(self):
        if self.state == "draft" and self.procedure_id:
            self.document_line_ids = [Command.clear()] + [
                Command.create(vals) for vals in self._prepare_document_lines(self.procedure_id)
            ]
            self.fee_line_ids = [Command.clear()] + [
                Command.create(vals) for vals in self._prepare_fee_lines(self.procedure_id)
            ]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.return_address:
            self.return_address = self.partner_id._onestop_address_line()

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        Procedure = self.env["onestop.procedure"]
        for vals in vals_list:
            procedure = Procedure.browse(vals.get("procedure_id"))
            if procedure and "document_line_ids" not in vals:
                vals["document_line_ids"] = [
                    Command.create(line) for line in self._prepare_document_lines(procedure)
                ]
            if procedure and "fee_line_ids" not in vals:
                vals["fee_line_ids"] = [
                    Command.create(line) for line in self._prepare_fee_lines(procedure)
                ]
        return super().create(vals_list)

    def write(self, vals):
        protected = PROTECTED_FIELDS & set(vals)
        if protected and not self.env.su and not self.env.context.get("onestop_action"):
            raise UserError(
                self.env._(
                    "The code, dates and state of a dossier change only through its actions "
                    "(receive, forward, pause, resolve...)."
                )
            )
        if "active" in vals and not self.env.su:
            self._check_onestop_group("onestop_base.group_onestop_admin")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(dossier.state != "draft" for dossier in self):
            raise UserError(
                self.env._(
                    "A received dossier cannot be deleted: it belongs to the records of the "
                    "state. An administrator may archive it."
                )
            )

    # ------------------------------------------------------------------ mail
    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """An officer without an email address still acts on dossiers: the messages of their
        actions go out in their name from the agency's address (the company's, else the
        outgoing mail's default). Only when neither exists is the message refused, saying
        what to set."""
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from:
            company = self.company_id[:1] or self.env.company
            email_from = (
                company.email_formatted
                or self.env["ir.mail_server"].sudo()._get_default_from_address()
            )
        if not email_from and raise_on_email and not self.env.su:
            raise UserError(
                self.env._(
                    "Neither you nor the agency has an email address to send the dossier's "
                    "messages from: set yours in your preferences, or the company's."
                )
            )
        return author_id, email_from

    # ------------------------------------------------------------------ actions
    def action_receive(self):
        """The desk receives the dossier: checks the mandatory documents, gives it its code and
        appointment date, and moves it to `received`."""
        self._check_onestop_group("onestop_base.group_onestop_reception")
        self.check_access("write")
        self._onestop_check_refusal("_onestop_refusal_receive")
        for dossier in self:
            dossier._receive()
        return True

    # ------------------------------------------------------------------ business methods
    @api.model
    def _prepare_document_lines(self, procedure):
        return [
            {
                "procedure_document_id": document.id,
                "sequence": document.sequence,
                "name": document.name,
                "mandatory": document.mandatory,
                "originals": document.originals,
                "copies": document.copies,
            }
            for document in procedure.document_ids
        ]

    @api.model
    def _prepare_fee_lines(self, procedure):
        return [
            {"sequence": fee.sequence, "name": fee.name, "amount": fee.amount}
            for fee in procedure.fee_ids
        ]

    def _onestop_label(self, field, value):
        """The label of a selection value of the dossier in the user's language."""
        return dict(self._fields[field]._description_selection(self.env)).get(value, "-")

    def _state_label(self):
        """The dossier's state as the user's language names it."""
        self.ensure_one()
        return self._onestop_label("state", self.state)

    def _check_onestop_group(self, xmlid):
        if not self.env.su and not self.env.user.has_group(xmlid):
            group = self.env.ref(xmlid)
            raise AccessError(
                self.env._("Only the group %(group)s may do this.", group=group.sudo().full_name)
            )

    # ------------------------------------------------------------------ lifecycle: refusals
    # Why each state change below does not apply to a dossier now: a message for the user, or
    # False when it applies. The primitives raise it; the workflow's actions show and raise
    # the same reason (see onestop_workflow's table of actions) instead of restating it.
    def _onestop_check_refusal(self, refusal, *args):
        """Raise the first reason that ``refusal`` (the name of a ``_onestop_refusal_*``
        method, called with ``args``) gives for one of the dossiers."""
        for dossier in self:
            reason = getattr(dossier, refusal)(*args)
            if reason:
                raise UserError(reason)

    def _onestop_refusal_running(self):
        """The clock must run: received or processing."""
        self.ensure_one()
        if self.state not in RUNNING_STATES:
            return self.env._(
                "The dossier %(dossier)s is %(state)s: it is not being processed.",
                dossier=self.display_name,
                state=self._state_label(),
            )
        return False

    def _onestop_refusal_receive(self):
        """A draft of a procedure in force, at a unit with a code, with its mandatory
        documents, and an address when the result goes by post."""
        self.ensure_one()
        if self.state != "draft":
            return self.env._("%(dossier)s has already been received.", dossier=self.display_name)
        today = fields.Date.context_today(self)
        if not self.procedure_id.active or not self.procedure_id._is_effective(today):
            return self.env._(
                "The procedure %(procedure)s is not in force today.",
                procedure=self.procedure_id.display_name,
            )
        if not self.department_id._onestop_code():
            return self.env._(
                "%(unit)s has no agency e-identifier code to number dossiers with.",
                unit=self.department_id.display_name,
            )
        missing = self.document_line_ids.filtered(
            lambda line: line.mandatory and not line.is_submitted
        )
        if missing:
            return self.env._(
                "The dossier lacks these mandatory documents:\n%(documents)s",
                documents="\n".join("- %s" % line.name for line in missing),
            )
        if self.return_method == "postal" and not (self.return_address or self.applicant_address):
            return self.env._("A result returned by post needs the applicant's address.")
        return False

    def _onestop_refusal_pause(self):
        return self._onestop_refusal_running()

    def _onestop_refusal_resume(self):
        self.ensure_one()
        if self.state != "waiting_supplement" or not self._onestop_open_pause():
            return self.env._(
                "The dossier %(dossier)s is not waiting for a supplement.",
                dossier=self.display_name,
            )
        return False

    def _onestop_refusal_resolve(self):
        return self._onestop_refusal_running()

    def _onestop_refusal_return(self, method=None, tracking_ref=False):
        """A result exists; with ``method``, what returning it that way needs."""
        self.ensure_one()
        if self.state != "resolved":
            return self.env._(
                "The dossier %(dossier)s has no result to return (%(state)s).",
                dossier=self.display_name,
                state=self._state_label(),
            )
        if method == "postal" and not (tracking_ref or self.postal_tracking_ref):
            return self.env._("A result sent by post needs the postal tracking number.")
        return False

    def _onestop_refusal_close(self, state):
        """A dossier not yet received can only be refused; an ended one cannot end again."""
        self.ensure_one()
        if self.state == "draft":
            if state != "refused":
                return self.env._(
                    "The dossier %(dossier)s has not been received: it can only be refused.",
                    dossier=self.display_name,
                )
            return False
        if self.state not in OPEN_STATES:
            return self.env._(
                "The dossier %(dossier)s is not in progress: it has ended already (%(state)s).",
                dossier=self.display_name,
                state=self._state_label(),
            )
        return False

    def _onestop_refusal_reschedule(self, new_due=None):
        """An appointment to move; with ``new_due``, a later one."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return self.env._(
                "The dossier %(dossier)s is not in progress (%(state)s): there is no "
                "appointment to move.",
                dossier=self.display_name,
                state=self._state_label(),
            )
        if new_due and new_due <= self.due_date:
            return self.env._(
                "The new appointment date must be later, after the current one (%(due)s).",
                due=self._format_dt(self.due_date),
            )
        return False

    # ------------------------------------------------------------------ lifecycle: primitives
    # No rights checks: the public actions check first, then call these. Each takes ``when``
    # (naive UTC) for dated history and tests, refuses with its reason above, and writes the
    # protected fields and the dated facts (pauses, deadline changes) under the actions' flag.
    def _receive(self, when=None):
        """Give the dossier its code, time limit and due date (no checks: see action_receive)."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        working_time = self._onestop_working_time()
        limit = self.procedure_id._time_limit_for(self.channel)
        unit = self.procedure_id.time_unit or WORKING_DAYS
        cutoff = self.procedure_id.cutoff_hour
        due = working_time.deadline(when, limit, unit, cutoff)
        self.with_context(onestop_action=True).write(
            {
                "name": self._next_code(when),
                "received_date": when,
                "due_date": due,
                "initial_due_date": due,
                "time_limit": limit,
                "time_unit": unit,
                "cutoff_hour": cutoff,
                "online_level": self.procedure_id.online_level,
                "state": "received",
                "reception_user_id": self.env.uid,
            }
        )
        self.message_post(
            body=self.env._(
                "Dossier received with the code %(code)s; appointment date: %(due)s.",
                code=self.name,
                due=self._format_dt(due),
            ),
            subtype_xmlid="onestop_base.mt_dossier_received",
        )

    def _next_code(self, when):
        """``{agency code}-{yyMMdd}-{serial}``, the serial restarting each day for each unit."""
        self.ensure_one()
        code = self.department_id._onestop_code()
        day = self._onestop_working_time().local_date(when)
        serial = self.env["onestop.dossier.sequence"]._next_serial(code, day)
        return "%s-%s-%04d" % (code, day.strftime("%y%m%d"), serial)

    def _onestop_working_time(self):
        self.ensure_one()
        return self.department_id._onestop_calendar()._onestop_working_time()

    def _one_working_day_from(self, when):
        return self._onestop_working_time().one_working_day_from(when)

    def _format_dt(self, value):
        """A date and time as the agency's clock shows it, e.g. 11:30 03/03/2026."""
        tz = self._onestop_working_time().tz.zone
        return format_datetime(self.env, value, tz=tz, dt_format="HH:mm dd/MM/yyyy")

    def _onestop_open_pause(self):
        self.ensure_one()
        return self.pause_ids.filtered(lambda p: not p.date_end)[:1]

    def _set_due_date(self, new_due, kind, when, reason=False, pause=False):
        """Move the due date and log the change as a dated fact."""
        self.ensure_one()
        self.env["onestop.dossier.deadline"].with_context(onestop_action=True).create(
            {
                "dossier_id": self.id,
                "date": when,
                "due_before": self.due_date,
                "due_after": new_due,
                "kind": kind,
                "reason": reason,
                "pause_id": pause and pause.id,
            }
        )
        self.with_context(onestop_action=True).write(
            {
                "due_date": new_due,
                "due_changed_date": max(when, self.due_changed_date or when),
            }
        )

    def _onestop_pause(self, reason, when=None):
        """Stop the clock: the dossier waits for the applicant (a supplement)."""
        self._onestop_check_refusal("_onestop_refusal_pause")
        when = when or fields.Datetime.now()
        for dossier in self:
            self.env["onestop.dossier.pause"].with_context(onestop_action=True).create(
                {
                    "dossier_id": dossier.id,
                    "date_start": when,
                    "reason": reason,
                    "state_before": dossier.state,
                }
            )
            dossier.with_context(onestop_action=True).write(
                {
                    "state": "waiting_supplement",
                    "first_pause_date": min(when, dossier.first_pause_date or when),
                }
            )
        return True

    def _onestop_resume(self, when=None):
        """Restart the clock; the due date moves by the paused working time.

        :return: ``{dossier id: paused working hours}``
        """
        self._onestop_check_refusal("_onestop_refusal_resume")
        when = when or fields.Datetime.now()
        paused = {}
        for dossier in self:
            pause = dossier._onestop_open_pause()
            working_time = dossier._onestop_working_time()
            hours = working_time.working_hours_between(pause.date_start, when)
            pause.with_context(onestop_action=True).write(
                {"date_end": when, "working_hours": hours}
            )
            paused[dossier.id] = hours
            new_due = working_time.shift(dossier.due_date, hours)
            if new_due != dossier.due_date:
                dossier._set_due_date(new_due, "pause", when, reason=pause.reason, pause=pause)
            dossier.with_context(onestop_action=True).write({"state": pause.state_before})
            dossier.message_post(
                body=self.env._(
                    "Supplement received: the clock runs again. Paused for %(hours)s working "
                    "hours; new appointment date: %(due)s.",
                    hours=round(hours, 2),
                    due=dossier._format_dt(dossier.due_date),
                )
            )
        return paused

    def _onestop_resolve(self, when=None, note=False):
        """A result exists: the dossier is resolved."""
        self._onestop_check_refusal("_onestop_refusal_resolve")
        when = when or fields.Datetime.now()
        vals = {"resolved_date": when, "state": "resolved"}
        if note:
            vals["result_note"] = note
        self.with_context(onestop_action=True).write(vals)
        return True

    def _onestop_return(self, method=None, when=None, tracking_ref=False):
        """The result reached the applicant."""
        for dossier in self:
            dossier._onestop_check_refusal(
                "_onestop_refusal_return", method or dossier.return_method, tracking_ref
            )
        when = when or fields.Datetime.now()
        for dossier in self:
            vals = {
                "returned_date": when,
                "state": "returned",
                "return_method": method or dossier.return_method,
            }
            if tracking_ref:
                vals["postal_tracking_ref"] = tracking_ref
            dossier.with_context(onestop_action=True).write(vals)
        return True

    def _onestop_close(self, state, reason, when=None):
        """End the dossier without a result: refused, withdrawn or stopped."""
        if state not in CLOSED_STATES:
            raise ValueError(state)
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason."))
        self._onestop_check_refusal("_onestop_refusal_close", state)
        when = when or fields.Datetime.now()
        for dossier in self:
            open_pause = dossier._onestop_open_pause()
            if open_pause:
                hours = dossier._onestop_working_time().working_hours_between(
                    open_pause.date_start, when
                )
                open_pause.with_context(onestop_action=True).write(
                    {"date_end": when, "working_hours": hours}
                )
            vals = {"state": state, "end_reason": reason}
            # A dossier refused at intake was never received: it has no end date and counts
            # nowhere.
            if dossier.received_date:
                vals["ended_date"] = when
            dossier.with_context(onestop_action=True).write(vals)
        return True

    def _onestop_reschedule(self, new_due, reason, when=None):
        """Set a new appointment date (after an apology)."""
        self._onestop_check_refusal("_onestop_refusal_reschedule", new_due)
        when = when or fields.Datetime.now()
        for dossier in self:
            dossier._set_due_date(new_due, "reschedule", when, reason=reason)
        return True

    # ------------------------------------------------------------------ stored facts
    @api.model
    def _onestop_fill_facts(self):
        """Set the stored facts of every dossier from its history (a migration, data loaded
        in bulk): the last change of its due date, its first pause, and the online level of
        its procedure for received dossiers that have none (received before the snapshot
        existed: the statistics read the procedure's current level for these until then).
        Returns the number of dossiers changed, per fact."""
        self.env.flush_all()
        cr = self.env.cr
        changed = {}
        cr.execute(
            """UPDATE onestop_dossier d SET due_changed_date = c.last
                 FROM (SELECT dossier_id, max(date) AS last FROM onestop_dossier_deadline
                        GROUP BY dossier_id) c
                WHERE c.dossier_id = d.id AND d.due_changed_date IS DISTINCT FROM c.last"""
        )
        changed["due_changed_date"] = cr.rowcount
        cr.execute(
            """UPDATE onestop_dossier d SET first_pause_date = p.first
                 FROM (SELECT dossier_id, min(date_start) AS first FROM onestop_dossier_pause
                        GROUP BY dossier_id) p
                WHERE p.dossier_id = d.id AND d.first_pause_date IS DISTINCT FROM p.first"""
        )
        changed["first_pause_date"] = cr.rowcount
        cr.execute(
            """UPDATE onestop_dossier d SET online_level = COALESCE(p.online_level, 'none')
                 FROM onestop_procedure p
                WHERE p.id = d.procedure_id AND d.online_level IS NULL
                  AND d.received_date IS NOT NULL"""
        )
        changed["online_level"] = cr.rowcount
        self.invalidate_model(["due_changed_date", "first_pause_date", "online_level"])
        return changed
