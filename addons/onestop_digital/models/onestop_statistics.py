"""Digitisation and reuse of documents (Circular 01/2023/TT-VPCP, Decision 766/QĐ-TTg), per
unit and period: what the dashboard and the XLSX table show."""

import io

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.osv import expression

# Per unit: received dossiers, those with every document digitised, document lines handed in,
# digitised and reused, lines offered a stored document, results and results stored.
DIGITAL_FIGURES = (
    "received",
    "digitised_dossiers",
    "lines",
    "lines_digitised",
    "lines_offered",
    "lines_reused",
    "resolved",
    "results_stored",
)
DIGITAL_RATES = {
    # rate: (numerator, denominator)
    "digitisation_rate": ("digitised_dossiers", "received"),
    "line_digitisation_rate": ("lines_digitised", "lines"),
    "reuse_rate": ("lines_reused", "lines_offered"),
    "result_digitisation_rate": ("results_stored", "resolved"),
}
# The official wording (Vietnamese whatever the user's language), in the table's order.
DIGITAL_XLSX_COLUMNS = [
    ("received", "Hồ sơ tiếp nhận"),
    ("digitised_dossiers", "Hồ sơ số hóa đầy đủ"),
    ("digitisation_rate", "Tỷ lệ số hóa hồ sơ"),
    ("lines", "Thành phần hồ sơ đã nộp"),
    ("lines_digitised", "Thành phần đã số hóa"),
    ("line_digitisation_rate", "Tỷ lệ số hóa thành phần"),
    ("lines_offered", "Thành phần có kết quả số hóa để tái sử dụng"),
    ("lines_reused", "Thành phần được tái sử dụng"),
    ("reuse_rate", "Tỷ lệ tái sử dụng"),
    ("resolved", "Hồ sơ có kết quả"),
    ("results_stored", "Kết quả đã số hóa"),
    ("result_digitisation_rate", "Tỷ lệ số hóa kết quả"),
]


class OnestopStatistics(models.AbstractModel):
    _inherit = "onestop.statistics"

    @api.model
    @api.readonly
    def compute_indicators(self, date_from, date_to, domain=None):
        """Adds the reuse rate (reused lines over lines offered a stored document) and the
        digitisation of results."""
        values = super().compute_indicators(date_from, date_to, domain)
        totals = self.compute_digital(date_from, date_to, domain=domain)[1]
        values.update(
            {
                "reuse_rate": totals["reuse_rate"],
                "result_digitisation_rate": totals["result_digitisation_rate"],
                "lines_offered": totals["lines_offered"],
                "lines_reused": totals["lines_reused"],
            }
        )
        return values

    @api.model
    @api.readonly
    def compute_digital(self, date_from, date_to, domain=None):
        """``(rows, total)``: one dict per receiving unit (key ``department_id``: the unit)
        with ``DIGITAL_FIGURES`` and ``DIGITAL_RATES`` (fractions, ``None`` without a
        denominator), over the dossiers of ``domain`` that the caller may read; dossiers
        received in the period, results recorded in it."""
        bounds = self._statistics_bounds(date_from, date_to)
        Dossier = self.env["onestop.dossier"]
        Line = self.env["onestop.dossier.document"]
        base = expression.AND([domain or [], [("parent_id", "=", False)]])
        received_domain = expression.AND(
            [
                base,
                [
                    ("received_date", ">=", bounds["start"]),
                    ("received_date", "<", bounds["stop"]),
                ],
            ]
        )
        resolved_domain = expression.AND(
            [
                base,
                [
                    ("resolved_date", ">=", bounds["start"]),
                    ("resolved_date", "<", bounds["stop"]),
                ],
            ]
        )
        rows = {}

        def row(department):
            return rows.setdefault(
                department, {"department_id": department, **dict.fromkeys(DIGITAL_FIGURES, 0)}
            )

        for department, digitised, count in Dossier._read_group(
            received_domain, ["department_id", "is_digitised"], ["__count"]
        ):
            row(department)["received"] += count
            if digitised:
                row(department)["digitised_dossiers"] += count
        received = Dossier._search(received_domain)
        line_groups = Line._read_group(
            [("dossier_id", "in", received), ("is_submitted", "=", True)],
            ["dossier_id", "is_digitised", "is_reused", "reuse_offered"],
            ["__count"],
        )
        for dossier, digitised, reused, offered, count in line_groups:
            values = row(dossier.department_id)
            values["lines"] += count
            values["lines_digitised"] += count if digitised else 0
            values["lines_reused"] += count if reused else 0
            values["lines_offered"] += count if (offered or reused) else 0
        resolved_groups = Dossier._read_group(resolved_domain, ["department_id"], ["id:recordset"])
        stored = {
            dossier.id
            for [dossier] in self.env["onestop.citizen.document"]._read_group(
                [
                    ("source", "=", "result"),
                    ("dossier_id", "in", [i for _d, ds in resolved_groups for i in ds.ids]),
                ],
                ["dossier_id"],
            )
        }
        for department, dossiers in resolved_groups:
            values = row(department)
            values["resolved"] += len(dossiers)
            values["results_stored"] += len(set(dossiers.ids) & stored)
        result = sorted(rows.values(), key=lambda r: r["department_id"].complete_name or "")
        total = {key: sum(r[key] for r in result) for key in DIGITAL_FIGURES}
        for values in (*result, total):
            for rate, (numerator, denominator) in DIGITAL_RATES.items():
                values[rate] = (
                    values[numerator] / values[denominator] if values[denominator] else None
                )
        return result, total

    @api.model
    def _statistics_digital_xlsx(self, date_from, date_to, domain=None):
        """The digitisation and reuse table per unit as an XLSX file (bytes)."""
        rows, total = self.compute_digital(date_from, date_to, domain)
        bounds = self._statistics_bounds(date_from, date_to)
        tz = pytz.timezone(bounds["tz"])
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("So hoa")
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
        title = workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"})
        subtitle = workbook.add_format({**base, "italic": True, "align": "center"})
        header = workbook.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "text_wrap": True}
        )
        text = workbook.add_format({**base, "border": 1, "text_wrap": True})
        number = workbook.add_format({**base, "border": 1, "num_format": "#,##0"})
        rate = workbook.add_format({**base, "border": 1, "num_format": "0.0%"})
        bold_text = workbook.add_format({**base, "border": 1, "bold": True})
        bold_number = workbook.add_format(
            {**base, "border": 1, "bold": True, "num_format": "#,##0"}
        )
        bold_rate = workbook.add_format({**base, "border": 1, "bold": True, "num_format": "0.0%"})
        last = len(DIGITAL_XLSX_COLUMNS) + 1
        sheet.merge_range(
            0, 0, 0, last, "KẾT QUẢ SỐ HÓA VÀ TÁI SỬ DỤNG KẾT QUẢ SỐ HÓA HỒ SƠ, GIẤY TỜ", title
        )
        printed = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        sheet.merge_range(
            1,
            0,
            1,
            last,
            "Kỳ báo cáo: từ ngày %s đến ngày %s - Thời điểm in: %s"
            % (
                bounds["date_from"].strftime("%d/%m/%Y"),
                bounds["date_to"].strftime("%d/%m/%Y"),
                printed.strftime("%H:%M %d/%m/%Y"),
            ),
            subtitle,
        )
        sheet.write(3, 0, "STT", header)
        sheet.write(3, 1, "Đơn vị", header)
        for col, (_key, label) in enumerate(DIGITAL_XLSX_COLUMNS, start=2):
            sheet.write(3, col, label, header)
        sheet.set_row(3, 60)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, last, 14)

        def write(line, serial, label, values, formats):
            text_format, number_format, rate_format = formats
            sheet.write(line, 0, serial, text_format)
            sheet.write(line, 1, label, text_format)
            for col, (key, _label) in enumerate(DIGITAL_XLSX_COLUMNS, start=2):
                value = values[key]
                if key in DIGITAL_RATES:
                    if value is None:
                        sheet.write_blank(line, col, None, rate_format)
                    else:
                        sheet.write_number(line, col, value, rate_format)
                else:
                    sheet.write_number(line, col, value, number_format)

        line = 4
        for serial, values in enumerate(rows, start=1):
            label = values["department_id"].sudo().complete_name or "-"
            write(line, serial, label, values, (text, number, rate))
            line += 1
        write(line, "", "Tổng cộng", total, (bold_text, bold_number, bold_rate))
        workbook.close()
        return buffer.getvalue()
