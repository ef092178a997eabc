"""Records the attacks need, made through the server as its users would make them."""

import base64
import re
import secrets

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_bytes(marker=b""):
    return b"%PDF-1.4\n% " + marker + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def partner_of(admin, login):
    users = admin.call("res.users", "search_read", [("login", "=", login)], ["partner_id"])
    assert users, "no demo user %s" % login
    return users[0]["partner_id"][0]


def dossiers_of(admin, login):
    return admin.call(
        "onestop.dossier",
        "search_read",
        [("partner_id", "=", partner_of(admin, login)), ("parent_id", "=", False)],
        ["name", "state", "access_token", "tracking_token", "document_line_ids"],
        order="id",
    )


def attach_file(admin, dossier, marker, line=True):
    """A file on ``dossier`` (on its first checklist line with ``line``); returns its id."""
    data = pdf_bytes(marker)
    attachment = admin.call(
        "ir.attachment",
        "create",
        {
            "name": "giay-to-%s.pdf" % secrets.token_hex(3),
            "datas": base64.b64encode(data).decode(),
            "res_model": "onestop.dossier",
            "res_id": dossier["id"],
            "mimetype": "application/pdf",
        },
    )
    if line and dossier["document_line_ids"]:
        admin.call(
            "onestop.dossier.document",
            "write",
            [dossier["document_line_ids"][0]],
            {"attachment_ids": [(4, attachment)]},
        )
    return attachment


def officer_desk(officer):
    user = officer.call("res.users", "read", [officer.uid], ["onestop_department_ids"])[0]
    return user["onestop_department_ids"][0]


def ensure_user(admin, login, group_xmlids, department_ids, xmlid):
    """A user (password = login, Vietnamese and with an email like the demo's: the
    dossier's messages are sent in their name) in the OneStop groups and departments given."""
    found = admin.call("res.users", "search", [("login", "=", login)])
    groups = [xmlid(name) for name in group_xmlids]
    vals = {
        "groups_id": [(4, group) for group in groups],
        "onestop_department_ids": [(6, 0, department_ids)],
        "lang": "vi_VN",
        "email": "%s@onestop.example.vn" % login,
    }
    if found:
        admin.call("res.users", "write", found, vals)
        return found[0]
    return admin.call(
        "res.users",
        "create",
        {"name": login.replace(".", " ").title(), "login": login, "password": login, **vals},
    )


def new_partner(officer, name="Công dân thử nghiệm", phone="0900000001"):
    return officer.call("res.partner", "create", {"name": name, "phone": phone})


def new_draft(officer, procedure_id, partner_id, department_id, channel="in_person"):
    """A draft dossier at the officer's desk whose documents are all handed in."""
    dossier_id = officer.call(
        "onestop.dossier",
        "create",
        {
            "procedure_id": procedure_id,
            "partner_id": partner_id,
            "department_id": department_id,
            "channel": channel,
        },
    )
    lines = officer.call(
        "onestop.dossier.document", "search_read", [("dossier_id", "=", dossier_id)], ["id"]
    )
    if lines:
        officer.call(
            "onestop.dossier",
            "write",
            [dossier_id],
            {"document_line_ids": [(1, line["id"], {"is_submitted": True}) for line in lines]},
        )
    return dossier_id


def forwardable_procedure(admin, desk):
    """A procedure received at ``desk`` whose process there (the desk's agency's own, else
    the procedure's general one) has a second step in a unit with members (someone to
    forward to)."""
    agency = admin.call("onestop.department", "read", [desk], ["agency_id"])[0]["agency_id"]
    agency_id = agency[0] if agency else False
    processes = admin.call(
        "onestop.process",
        "search_read",
        [
            ("procedure_id.receiving_department_ids", "in", [desk]),
            ("agency_id", "in", [agency_id, False]),
        ],
        ["procedure_id", "agency_id"],
        order="id",
    )
    applying = {}
    for process in processes:
        procedure = process["procedure_id"][0]
        if procedure not in applying or process["agency_id"]:
            applying[procedure] = process["id"]
    for procedure, process in sorted(applying.items()):
        steps = admin.call(
            "onestop.process.step",
            "search_read",
            [("process_id", "=", process)],
            ["department_id"],
            order="sequence, id",
        )
        if len(steps) > 1 and steps[1]["department_id"]:
            unit = admin.call(
                "onestop.department", "read", [steps[1]["department_id"][0]], ["member_ids"]
            )[0]
            if unit["member_ids"]:
                return procedure
    raise AssertionError("no procedure with a process to forward along at desk %s" % desk)


def receivable_procedure(admin, desk):
    procedures = admin.call(
        "onestop.procedure",
        "search",
        [("receiving_department_ids", "in", [desk])],
        order="id",
        limit=1,
    )
    assert procedures, "no procedure received at desk %s" % desk
    return procedures[0]


def online_procedure(admin):
    procedures = admin.call(
        "onestop.procedure",
        "search_read",
        [("online_level", "=", "full"), ("receiving_department_ids", "!=", False)],
        ["document_ids", "receiving_department_ids"],
        order="id",
    )
    for procedure in procedures:
        documents = admin.call(
            "onestop.procedure.document", "read", procedure["document_ids"], ["mandatory"]
        )
        procedure["documents"] = documents
        return procedure
    raise AssertionError("no procedure offered fully online")


def submission_data(browser, procedure, extra=None):
    """Open the online form and fill it: the POST's fields, with its submission key."""
    form = browser.get("/my/procedures/%s/submit" % procedure["id"])
    assert form.status_code == 200, form.status_code
    key = re.search(r'name="submission_key"\s+value="([^"]+)"', form.text)
    token = re.search(r'name="csrf_token"\s+value="([^"]+)"', form.text)
    return {
        "csrf_token": token.group(1),
        "submission_key": key.group(1),
        "id_number": "037090001111",
        "phone": "0912345678",
        "email": "congdan@example.vn",
        "street": "Số 12 đường Lê Thái Tổ",
        "department_id": str(procedure["receiving_department_ids"][0]),
        "return_method": "desk",
        "note": "",
        **(extra or {}),
    }


def submission(browser, procedure, marker=b"", extra=None, files=None):
    """Open the online form, fill it, attach ``files`` (by default a PDF for every
    document); return the POST."""
    data = submission_data(browser, procedure, extra)
    if files is None:
        files = [
            ("document_%s" % document["id"], ("giay-to.pdf", pdf_bytes(marker), "application/pdf"))
            for document in procedure["documents"]
        ]
    return browser.post("/my/procedures/%s/submit" % procedure["id"], data=data, files=files)
