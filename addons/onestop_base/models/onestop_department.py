import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# QCVN 102:2016 electronic identifier of an agency: four groups, e.g. 000.00.19.H56 or
# H56.19.10 for some levels; accept dotted groups of letters and digits.
AGENCY_CODE_RE = re.compile(r"^[A-Z0-9]{1,4}(\.[A-Z0-9]{1,4}){2,4}$")


class OnestopDepartment(models.Model):
    """An agency (UBND tỉnh, Sở, UBND xã), a unit inside one, or a reception desk: a tree."""

    _name = "onestop.department"
    _description = "Agency or department"
    _inherit = ["mail.thread"]
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True, tracking=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, index=True
    )
    short_name = fields.Char(translate=True)
    kind = fields.Selection(
        [("agency", "Agency"), ("unit", "Unit"), ("desk", "Reception desk")],
        required=True,
        default="unit",
        tracking=True,
    )
    admin_level_id = fields.Many2one(
        "onestop.admin.level",
        string="Administrative level",
        help="Ministry, province, commune...: the level this agency belongs to.",
    )
    code = fields.Char(
        string="Agency e-identifier",
        index=True,
        tracking=True,
        help="Electronic identifier code (QCVN 102:2016), e.g. 000.00.19.H56. Dossier codes "
        "start with the code of the receiving unit or of its nearest ancestor that has one.",
    )
    parent_id = fields.Many2one(
        "onestop.department", string="Parent", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("onestop.department", "parent_id", string="Sub-units")
    agency_id = fields.Many2one(
        "onestop.department",
        compute="_compute_agency_id",
        store=True,
        recursive=True,
        help="The agency this unit belongs to (itself for an agency).",
    )
    head_id = fields.Many2one("res.users", string="Head", tracking=True)
    member_ids = fields.Many2many(
        "res.users",
        "onestop_department_res_users_rel",
        "department_id",
        "user_id",
        string="Members",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        default=lambda self: self._default_calendar(),
        help="Sessions, holidays and make-up days that deadlines count with. Empty: the "
        "parent's calendar.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    address = fields.Char()
    phone = fields.Char()
    email = fields.Char()
    effective_from = fields.Date(tracking=True)
    effective_to = fields.Date(
        tracking=True, help="A merged or dissolved unit keeps its dossiers: archive it."
    )
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(effective_to IS NULL OR effective_from IS NULL "
            "OR effective_from <= effective_to)",
            "A unit cannot end before it starts.",
        ),
    ]

    def _default_calendar(self):
        return self.env.ref("onestop_base.calendar_vn_admin", raise_if_not_found=False)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A unit cannot be its own parent or ancestor."))

    @api.constrains("code")
    def _check_code(self):
        for department in self.filtered("code"):
            if not AGENCY_CODE_RE.match(department.code):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not an agency e-identifier: write dotted groups of capital "
                        "letters and digits, e.g. 000.00.19.H56.",
                        code=department.code,
                    )
                )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for department in self:
            if department.parent_id:
                department.complete_name = "%s / %s" % (
                    department.parent_id.complete_name,
                    department.name,
                )
            else:
                department.complete_name = department.name

    @api.depends("kind", "parent_id.agency_id")
    def _compute_agency_id(self):
        for department in self:
            if department.kind == "agency" or not department.parent_id:
                department.agency_id = department
            else:
                department.agency_id = department.parent_id.agency_id

    @api.model_create_multi
    def create(self, vals_list):
        departments = super().create(vals_list)
        self.env.registry.clear_cache()  # record rules read the users' departments
        return departments

    def write(self, vals):
        res = super().write(vals)
        if {"member_ids", "head_id", "parent_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------ business methods
    def _onestop_code(self):
        """The e-identifier that dossier codes of this unit start with."""
        self.ensure_one()
        department = self
        while department:
            if department.code:
                return department.code
            department = department.parent_id
        return False

    def _onestop_calendar(self):
        """The working calendar of this unit, inherited from its parents, else the default."""
        self.ensure_one()
        department = self
        while department:
            if department.calendar_id:
                return department.calendar_id
            department = department.parent_id
        return self._default_calendar() or self.env.company.resource_calendar_id
