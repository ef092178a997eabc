"""Translation files of the OneStop addons.

    python scripts/i18n.py update DB [MODULE ...]   export each addon's .pot from database DB
                                                  and merge it into its i18n/vi.po
    python scripts/i18n.py check DB [MODULE ...]    list the strings vi.po lacks; exit 1 if any

Run with the project's virtualenv; ODOO_SRC names the Odoo tree. The database must have the
addons installed (the test database does).
"""

import io
import os
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = [
    "onestop_base",
    "onestop_workflow",
    "onestop_portal",
    "onestop_reports",
    "onestop_hall",
    "onestop_sync",
    "onestop_digital",
]


def export_pot(dbname, module):
    sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/src"))
    import odoo
    from odoo.tools.translate import trans_export

    odoo.tools.config.parse_config(
        [
            "--addons-path=%s"
            % ",".join(
                [
                    os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo/src"), "odoo/addons"),
                    os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo/src"), "addons"),
                    os.path.join(ROOT, "addons"),
                ]
            )
        ]
    )
    registry = odoo.modules.registry.Registry(dbname)
    buffer = io.BytesIO()
    with registry.cursor() as cr:
        trans_export(False, [module], buffer, "po", cr)
    return polib.pofile(buffer.getvalue().decode())


def vi_path(module):
    return os.path.join(ROOT, "addons", module, "i18n", "vi.po")


def update(dbname, module):
    pot = export_pot(dbname, module)
    os.makedirs(os.path.dirname(vi_path(module)), exist_ok=True)
    pot.save(os.path.join(ROOT, "addons", module, "i18n", "%s.pot" % module))
    old = polib.pofile(vi_path(module)) if os.path.exists(vi_path(module)) else polib.POFile()
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if not e.obsolete}
    by_id = {e.msgid: e.msgstr for e in old if not e.obsolete and e.msgstr}
    po = polib.POFile()
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "vi",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid)) or by_id.get(entry.msgid, "")
        po.append(entry)
    po.save(vi_path(module))
    missing = [e.msgid for e in po if not e.msgstr]
    print("%s: %d strings, %d to translate" % (module, len(po), len(missing)))
    return missing


def check(dbname, module):
    pot = export_pot(dbname, module)
    po = polib.pofile(vi_path(module)) if os.path.exists(vi_path(module)) else []
    done = {e.msgid for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}
    return [e.msgid for e in pot if e.msgid not in done]


def main():
    command, dbname, *modules = sys.argv[1:]
    modules = modules or MODULES
    failed = False
    for module in modules:
        if command == "update":
            update(dbname, module)
        else:
            missing = check(dbname, module)
            for msgid in missing:
                print("%s: untranslated: %r" % (module, msgid[:120]))
            failed = failed or bool(missing)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
