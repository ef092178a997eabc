"""The hall's figures as an XLSX workbook (xlsxwriter), with the chart of the people
waiting per hour."""

import io

import xlsxwriter


def write_workbook(env, start, stop, services, counters, hours):
    """The workbook's bytes (see ``onestop.hall.statistics._xlsx``)."""
    _ = env._
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDEBF7"})
    cell = book.add_format({"border": 1})
    number = book.add_format({"border": 1, "num_format": "0.0"})
    heads = [
        _("Issued"),
        _("Served"),
        _("No-shows"),
        _("Cancelled"),
        _("Wait, median (min)"),
        _("Wait, 90th percentile (min)"),
        _("Service, median (min)"),
        _("Service, 90th percentile (min)"),
        _("Served without a dossier"),
    ]
    keys = [
        "issued",
        "served",
        "no_shows",
        "cancelled",
        "wait_median",
        "wait_p90",
        "service_median",
        "service_p90",
        "without_dossier",
    ]
    for title, first, rows in (
        (_("Per service"), _("Service"), services),
        (_("Per counter"), _("Counter"), counters),
    ):
        sheet = book.add_worksheet(title[:31])
        sheet.write(0, 0, _("The hall from %(start)s to %(stop)s", start=start, stop=stop))
        for col, head in enumerate([_("Desk"), first, *heads]):
            sheet.write(2, col, head, bold)
        for row, (desk, group, values) in enumerate(rows, start=3):
            sheet.write(row, 0, desk, cell)
            sheet.write(row, 1, group, cell)
            for col, key in enumerate(keys, start=2):
                value = values.get(key)
                sheet.write(row, col, value if value is not None else "", number)
        sheet.set_column(0, 1, 28)
        sheet.set_column(2, 10, 14)
    sheet = book.add_worksheet(_("Per hour")[:31])
    for col, head in enumerate([_("Hour"), _("Issued per day"), _("People waiting per day")]):
        sheet.write(0, col, head, bold)
    for row, (hour, (issued, waiting)) in enumerate(sorted(hours.items()), start=1):
        sheet.write(row, 0, "%02d:00" % hour, cell)
        sheet.write(row, 1, issued, number)
        sheet.write(row, 2, waiting, number)
    if hours:
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": _("People waiting per day"),
                "categories": [sheet.name, 1, 0, len(hours), 0],
                "values": [sheet.name, 1, 2, len(hours), 2],
            }
        )
        chart.set_title({"name": _("People waiting per hour of the day")})
        sheet.insert_chart(1, 4, chart)
    book.close()
    return buffer.getvalue()
