"""Who may read, create, write and delete the records of every OneStop model: the one place
that says it. ``test_access_matrix`` checks every cell against the running rights (access
rights and record rules, on records inside and outside each scope), and
``tests/security/matrix_doc.py`` prints this table into ``docs/security.md``.

A cell gives the records an operation reaches for a user of the group (with what the group
implies), or why it does not reach any:

``-``        refused (no access right);
``all``      every record;
``company``  the records of the user's companies;
``depts``    records of dossiers that passed through one of the user's units (the receiving
             unit, and every unit the control slip sent the dossier to);
``heads``    ``depts``, and dossiers of the units the user belongs to or heads and of the
             units below them;
``agency``   ``heads``, and dossiers of the agencies of the user's units and everything
             below them;
``own``      the citizen's own dossiers (applicant: the citizen or the business they
             represent), not the inter-agency parts;
``mine``     the user's own records: the screens and action windows they opened, the
             exports they asked for;
``actions``  the access right exists, but the records are written only by the dossier's
             actions: a direct call is refused.

The matrix describes the suite with its four addons installed; the models of the addons
built on them (``onestop_digital``...) are checked by those addons' own tests.
"""

# The addons whose models this matrix holds (onestop_sync's when it is installed); the hall's
# and the digital store's models are checked by their own addons' tests.
MATRIX_ADDONS = (
    "onestop_base",
    "onestop_workflow",
    "onestop_portal",
    "onestop_reports",
    "onestop_sync",
)

GROUPS = ("public", "portal", "reception", "specialist", "head", "leader", "manager", "admin")
GROUP_XMLIDS = {
    "public": "base.group_public",
    "portal": "base.group_portal",
    "reception": "onestop_base.group_onestop_reception",
    "specialist": "onestop_base.group_onestop_specialist",
    "head": "onestop_base.group_onestop_head",
    "leader": "onestop_base.group_onestop_leader",
    "manager": "onestop_base.group_onestop_manager",
    "admin": "onestop_base.group_onestop_admin",
}
OPERATIONS = ("read", "create", "write", "unlink")
SCOPES = ("-", "all", "company", "depts", "heads", "agency", "own", "mine", "actions")

NONE = "- - - -"
CATALOGUE = {
    "public": NONE,
    "portal": NONE,
    "reception": "all - - -",
    "specialist": "all - - -",
    "head": "all - - -",
    "leader": "all - - -",
    "manager": "all - - -",
    "admin": "all all all all",
}
CATALOGUE_BY_COMPANY = {group: cell.replace("all", "company") for group, cell in CATALOGUE.items()}
WINDOWS = {
    "public": NONE,
    "portal": NONE,
    "reception": "mine mine mine mine",
    "specialist": "mine mine mine mine",
    "head": "mine mine mine mine",
    "leader": "mine mine mine mine",
    "manager": NONE,
    "admin": "mine mine mine mine",
}
STATISTICS_SCREENS = {
    "public": NONE,
    "portal": NONE,
    "reception": NONE,
    "specialist": NONE,
    "head": "mine mine mine mine",
    "leader": "mine mine mine mine",
    "manager": "mine mine mine mine",
    "admin": "mine mine mine mine",
}


def dossier_lines(reception, specialist, manager, admin):
    """A model of lines that follow their dossier: the cells of the first four groups
    beyond the citizen, ``depts`` widening to ``heads`` and ``agency``."""

    def widen(cell, scope):
        return " ".join(scope if part == "depts" else part for part in cell.split())

    return {
        "public": NONE,
        "portal": NONE,
        "reception": reception,
        "specialist": specialist,
        "head": widen(specialist, "heads"),
        "leader": widen(specialist, "agency"),
        "manager": manager,
        "admin": admin,
    }


MATRIX = {
    # ------------------------------------------------------------------ onestop_base
    "onestop.admin.level": CATALOGUE,
    "onestop.makeup.day": CATALOGUE,
    "onestop.department": CATALOGUE_BY_COMPANY,
    "onestop.procedure.field": CATALOGUE,
    "onestop.procedure": CATALOGUE_BY_COMPANY,
    "onestop.procedure.document": CATALOGUE,
    "onestop.procedure.fee": CATALOGUE,
    "onestop.dossier": {
        "public": NONE,
        "portal": "own - - -",
        "reception": "depts depts depts -",
        "specialist": "depts - depts -",
        "head": "heads - heads -",
        "leader": "agency - agency -",
        "manager": "company - company -",
        "admin": "company company company company",
    },
    "onestop.dossier.document": dossier_lines(
        reception="depts depts depts depts",
        specialist="depts depts depts -",
        manager="company - - -",
        admin="company company company company",
    ),
    "onestop.dossier.fee": dossier_lines(
        reception="depts depts depts depts",
        specialist="depts - - -",
        manager="company - - -",
        admin="company company company company",
    ),
    "onestop.dossier.pause": dossier_lines(
        reception="depts actions actions -",
        specialist="depts actions actions -",
        manager="company actions actions -",
        admin="company actions actions -",
    ),
    "onestop.dossier.deadline": dossier_lines(
        reception="depts actions - -",
        specialist="depts actions - -",
        manager="company actions - -",
        admin="company actions - -",
    ),
    "onestop.dossier.rating": dossier_lines(
        reception="depts - - -",
        specialist="depts - - -",
        manager="company - - -",
        admin="company company company company",
    ),
    "onestop.dossier.sequence": {
        **{group: NONE for group in GROUPS},
        "admin": "all - - -",
    },
    # ------------------------------------------------------------------ onestop_workflow
    "onestop.stage": CATALOGUE,
    "onestop.process": CATALOGUE,
    "onestop.process.step": CATALOGUE,
    "onestop.dossier.step": dossier_lines(
        reception="depts - - -",
        specialist="depts - - -",
        manager="company - - -",
        admin="company - - -",
    ),
    "onestop.dossier.apology": dossier_lines(
        reception="depts depts depts -",
        specialist="depts depts depts -",
        manager="company - - -",
        admin="company company company -",
    ),
    "onestop.forward.wizard": WINDOWS,
    "onestop.send.back.wizard": WINDOWS,
    "onestop.supplement.wizard": WINDOWS,
    "onestop.close.wizard": WINDOWS,
    "onestop.result.wizard": WINDOWS,
    "onestop.return.wizard": WINDOWS,
    "onestop.transfer.wizard": WINDOWS,
    "onestop.reassign.wizard": WINDOWS,
    "onestop.mail.queue": {
        **{group: NONE for group in GROUPS},
        "admin": "all - - all",
    },
    # ------------------------------------------------------------------ onestop_portal
    "onestop.portal.throttle": {
        **{group: NONE for group in GROUPS},
        "admin": "all - - all",
    },
    # ------------------------------------------------------------------ onestop_sync
    "onestop.sync.endpoint": {**{group: NONE for group in GROUPS}, "admin": "all all all all"},
    "onestop.sync.event": {**{group: NONE for group in GROUPS}, "admin": "all - all -"},
    "onestop.sync.catalogue": {
        **{group: NONE for group in GROUPS},
        "manager": "all - - -",
        "admin": "all all all all",
    },
    # ------------------------------------------------------------------ onestop_reports
    "onestop.dossier.report": {
        "public": NONE,
        "portal": NONE,
        "reception": NONE,
        "specialist": NONE,
        "head": "heads - - -",
        "leader": "agency - - -",
        "manager": "company - - -",
        "admin": "company - - -",
    },
    "onestop.export.job": {
        "public": NONE,
        "portal": NONE,
        **{
            group: "mine - - -"
            for group in ("reception", "specialist", "head", "leader", "manager", "admin")
        },
    },
    "onestop.statistics.wizard": STATISTICS_SCREENS,
    "onestop.statistics.line": STATISTICS_SCREENS,
    "onestop.dashboard": STATISTICS_SCREENS,
    "onestop.logbook.wizard": {
        **STATISTICS_SCREENS,
        "reception": "mine mine mine mine",
    },
}

# Models without records of their own (mixins and services): what guards them.
NO_RECORDS = {
    "onestop.calendar.cache.mixin": "a mixin of the calendar models",
    "onestop.period.mixin": "a mixin of the statistics screens",
    "onestop.dossier.action.mixin": "a mixin of the action windows",
    "onestop.statistics": "computes over the dossiers the caller may read (their record rules)",
    "onestop.demo": "demo data, loaded by the server",
    "onestop.workflow.demo": "demo data, loaded by the server",
    "onestop.portal.demo": "demo data, loaded by the server",
}


# Whose a record is, for ``mine``: who created it, unless the model says whom it is for.
OWNER_FIELDS = {"onestop.export.job": "user_id"}


def cells(model):
    """``{group: {operation: scope}}`` of a model."""
    return {
        group: dict(zip(OPERATIONS, MATRIX[model][group].split(), strict=True)) for group in GROUPS
    }
