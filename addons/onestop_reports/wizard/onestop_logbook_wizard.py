import io
from urllib.parse import urlencode

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.onestop_base.models.onestop_dossier import CLOSED_STATES

FORM_VERSION = "Thông tư 01/2018/TT-VPCP"


class OnestopLogbookWizard(models.TransientModel):
    """The dossier log book of a reception desk (sổ theo dõi hồ sơ, form 06): every dossier
    the desk received in a period, one line each, with the dates of its reception, its
    appointment, its handover to the processing units, the result coming back and its
    return to the applicant. Printed as PDF or exported as XLSX."""

    _name = "onestop.logbook.wizard"
    _inherit = ["onestop.period.mixin"]
    _description = "Dossier log book (form 06)"

    department_id = fields.Many2one(
        "onestop.department",
        string="Reception desk",
        required=True,
        default=lambda self: self._default_department(),
        domain="[('kind', '=', 'desk')]",
        help="The dossiers received by this desk (and the units below it) in the period.",
    )
    line_count = fields.Integer(string="Dossiers", compute="_compute_line_count")

    @api.model
    def _default_department(self):
        departments = self.env.user.onestop_department_ids
        desk = departments.filtered(lambda d: d.kind == "desk")[:1]
        return desk or self.env["onestop.department"].search([("kind", "=", "desk")], limit=1)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard._period_title(self.env._("Dossier log book"))

    @api.depends("department_id", "date_from", "date_to")
    def _compute_line_count(self):
        for wizard in self:
            if wizard.department_id and wizard.date_from and wizard.date_to:
                wizard.line_count = self.env["onestop.dossier"].search_count(
                    wizard._logbook_domain()
                )
            else:
                wizard.line_count = 0

    # ------------------------------------------------------------------ actions
    def action_print(self):
        self.ensure_one()
        self._logbook_check()
        return self.env.ref("onestop_reports.action_report_logbook").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        self._logbook_check()
        params = {
            "department_id": self.department_id.id,
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }
        return {
            "type": "ir.actions.act_url",
            "url": "/onestop/reports/logbook.xlsx?%s" % urlencode(params),
            "target": "download",
        }

    # ------------------------------------------------------------------ the book
    def _logbook_check(self):
        if not self.department_id:
            raise UserError(self.env._("Choose the reception desk whose log book to print."))
        self.department_id.check_access("read")

    def _logbook_domain(self):
        bounds = self.env["onestop.statistics"]._statistics_bounds(self.date_from, self.date_to)
        return [
            ("department_id", "child_of", self.department_id.id),
            ("received_date", ">=", bounds["start"]),
            ("received_date", "<", bounds["stop"]),
        ]

    @api.model
    def _logbook_columns(self):
        """The columns of form 06: (key, title, width); the five dates sit under one
        common title."""
        _ = self.env._
        return [
            ("sequence", _("No."), 5),
            ("code", _("Dossier code"), 26),
            ("procedure", _("Administrative procedure"), 36),
            ("count", _("Number of dossiers (sets)"), 9),
            ("applicant", _("Individual or organisation"), 22),
            ("contact", _("Address, phone number"), 30),
            ("agency", _("Agency in charge"), 24),
            ("received", _("Dossier received"), 16),
            ("due", _("Appointment for the result"), 16),
            ("sent", _("Sent to the processing agency"), 16),
            ("resolved", _("Result received from the processing agency"), 16),
            ("returned", _("Result returned to the applicant"), 16),
            ("signature", _("Signature of receipt"), 14),
            ("note", _("Notes"), 30),
        ]

    @api.model
    def _logbook_widths(self):
        """The columns' shares of the printed page's width, as CSS."""
        widths = [width for _key, _title, width in self._logbook_columns()]
        return ["%.1f%%" % (100.0 * width / sum(widths)) for width in widths]

    @api.model
    def _logbook_date_columns(self):
        return ("received", "due", "sent", "resolved", "returned")

    def _logbook_rows(self):
        """The lines of the book, in the order the dossiers were received."""
        self.ensure_one()
        self._logbook_check()
        dossiers = self.env["onestop.dossier"].search(
            self._logbook_domain(), order="received_date, id"
        )
        rows = []
        for sequence, dossier in enumerate(dossiers, start=1):
            partner = dossier.partner_id
            reception = dossier.step_ids.filtered(lambda line: line.kind == "reception")[:1]
            procedure = dossier.procedure_id
            agency = procedure.competent_department_id or dossier.department_id.agency_id
            rows.append(
                {
                    "sequence": sequence,
                    "code": dossier.name,
                    "procedure": procedure.name,
                    "count": 1,
                    "applicant": partner.name or "",
                    "contact": " - ".join(
                        part for part in (partner._onestop_address_line(), partner.phone) if part
                    ),
                    "agency": agency.name or "",
                    "received": dossier.received_date,
                    "due": dossier.due_date,
                    "sent": reception.date_end,
                    "resolved": dossier.resolved_date,
                    "returned": dossier.returned_date,
                    "signature": "",
                    "note": self._logbook_note(dossier),
                    "dossier": dossier,
                }
            )
        return rows

    def _logbook_note(self, dossier):
        """What the desk writes in the notes column: how the dossier came, the turns that
        moved its date, how it ended without a result, how the result went back."""
        _ = self.env._
        notes = []
        if dossier.channel == "online":
            notes.append(_("Submitted online"))
        elif dossier.channel == "postal":
            notes.append(_("Received by post"))
        if dossier.state == "waiting_supplement":
            notes.append(_("Waiting for a supplement"))
        rescheduled = dossier.deadline_change_ids.filtered(lambda c: c.kind == "reschedule")
        if rescheduled:
            notes.append(
                _(
                    "Rescheduled to %(date)s",
                    date=self._logbook_format(rescheduled.sorted("date")[-1].due_after),
                )
            )
        if dossier.state in CLOSED_STATES:
            label = dossier._state_label()
            notes.append("%s: %s" % (label, dossier.end_reason) if dossier.end_reason else label)
        if dossier.returned_date and dossier.return_method == "postal":
            notes.append(
                _(
                    "Returned by post, item %(ref)s",
                    ref=dossier.postal_tracking_ref or "-",
                )
            )
        elif dossier.returned_date and dossier.return_method == "online":
            notes.append(_("Returned online"))
        return "; ".join(notes)

    def _logbook_format(self, value):
        """A date and time of the book as the desk's clock shows it."""
        if not value:
            return ""
        calendar = self.department_id._onestop_calendar()
        tz = (
            pytz.timezone(calendar.tz)
            if calendar.tz
            else self.env["onestop.statistics"]._statistics_tz()
        )
        return pytz.utc.localize(value).astimezone(tz).strftime("%H:%M %d/%m/%Y")

    def _logbook_title(self):
        self.ensure_one()
        return self.env._(
            "Dossier log book of %(desk)s from %(start)s to %(end)s",
            desk=self.department_id.name,
            start=self.date_from.strftime("%d/%m/%Y"),
            end=self.date_to.strftime("%d/%m/%Y"),
        )

    def _logbook_xlsx(self):
        """The book as an XLSX file (bytes): the title, the period, the headers of form 06
        on two rows, one line per dossier. In Vietnamese whoever exports it, like the printed
        book (in the user's language if an administrator has deactivated Vietnamese)."""
        self.ensure_one()
        if self.env["res.lang"]._lang_get("vi_VN"):
            return self.with_context(lang="vi_VN")._logbook_xlsx_write()
        return self._logbook_xlsx_write()

    def _logbook_xlsx_write(self):
        self.ensure_one()
        rows = self._logbook_rows()
        columns = self._logbook_columns()
        date_keys = self._logbook_date_columns()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("So theo doi")
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
        title = workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        subtitle = workbook.add_format({**base, "italic": True, "align": "center"})
        header = workbook.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "text_wrap": True}
        )
        number_row = workbook.add_format({**base, "italic": True, "border": 1, "align": "center"})
        text = workbook.add_format({**base, "border": 1, "text_wrap": True})
        centre = workbook.add_format({**base, "border": 1, "align": "center"})
        last = len(columns) - 1
        sheet.merge_range(0, 0, 0, last, self.env._("DOSSIER LOG BOOK"), title)
        sheet.merge_range(1, 0, 1, last, self._logbook_title(), subtitle)
        sheet.merge_range(
            2,
            0,
            2,
            last,
            self.env._(
                "Form 06 (%(version)s) - printed at %(now)s",
                version=FORM_VERSION,
                now=self._logbook_format(fields.Datetime.now()),
            ),
            subtitle,
        )
        top, sub = 4, 5
        first_date = next(i for i, (key, _t, _w) in enumerate(columns) if key == date_keys[0])
        for index, (key, label, width) in enumerate(columns):
            sheet.set_column(index, index, width)
            if key in date_keys:
                sheet.write(sub, index, label, header)
            else:
                sheet.merge_range(top, index, sub, index, label, header)
        sheet.merge_range(
            top,
            first_date,
            top,
            first_date + len(date_keys) - 1,
            self.env._("Receiving and returning the result: dates"),
            header,
        )
        for index in range(len(columns)):
            sheet.write(sub + 1, index, "(%d)" % (index + 1), number_row)
        sheet.set_row(top, 30)
        sheet.set_row(sub, 60)
        row_index = sub + 2
        for row in rows:
            for index, (key, _label, _width) in enumerate(columns):
                value = row[key]
                if key in date_keys:
                    sheet.write(row_index, index, self._logbook_format(value), centre)
                elif key in ("sequence", "count"):
                    sheet.write_number(row_index, index, value, centre)
                else:
                    sheet.write(row_index, index, value or "", text)
            row_index += 1
        sheet.merge_range(
            row_index + 1,
            0,
            row_index + 1,
            last,
            self.env._("%(count)s dossiers", count=len(rows)),
            subtitle,
        )
        sheet.freeze_panes(sub + 2, 2)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(top, sub + 1)
        workbook.close()
        return buffer.getvalue()
