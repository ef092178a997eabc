"""The statistics read stored facts (the result's timing, the last change of the due date, the
first pause, the online level at reception); a randomized test checks them against a
recomputation from scratch, in Python, from the dated history of random dossiers (pauses,
new appointment dates, inter-agency parts, closures, results, returns) at random period
bounds and random moments of judgement."""

import importlib.util
from datetime import date, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools.misc import file_path

from odoo.addons.onestop_base.models.onestop_dossier import CLOSED_STATES
from odoo.addons.onestop_base.tests.common import OnestopCase, local

from ..models.onestop_statistics import FIGURES

ORIGIN = local(2026, 3, 2, 7, 0)  # a Monday
DAY0 = date(2026, 3, 2)

# One step of a dossier's history: what happens, how many hours after the previous step, and
# an argument. Steps the dossier's state does not allow then are skipped.
step = st.tuples(
    st.sampled_from(
        [
            "pause",
            "resume",
            "reschedule",
            "part",
            "resolve",
            "return",
            "refused",
            "withdrawn",
            "stopped",
        ]
    ),
    st.floats(min_value=0.25, max_value=120.0, allow_nan=False),
    st.integers(min_value=1, max_value=20),
)
history = st.fixed_dictionaries(
    {
        "calendar_days": st.booleans(),
        "channel": st.sampled_from(["in_person", "online", "postal"]),
        "other_desk": st.booleans(),
        # Reception: days after ORIGIN, and the hour (any hour: before opening, at night).
        "day": st.integers(min_value=0, max_value=45),
        "hour": st.floats(min_value=0.0, max_value=23.9, allow_nan=False),
        "steps": st.lists(step, max_size=7),
    }
)
period = st.tuples(
    st.integers(min_value=-5, max_value=70),  # first day, after DAY0
    st.integers(min_value=0, max_value=60),  # length in days
    st.floats(min_value=0.0, max_value=2000.0, allow_nan=False),  # now, hours after ORIGIN
)


@tagged("post_install", "-at_install")
class TestStatisticsRandomHistories(OnestopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure.online_level = "partial"
        cls.procedure.receiving_department_ids |= cls.other_desk
        cls.procedure_calendar_days.receiving_department_ids |= cls.other_desk

    # ------------------------------------------------------------------ histories
    def _receive(self, spec):
        dossier = self.env["onestop.dossier"].create(
            {
                "procedure_id": (
                    self.procedure_calendar_days if spec["calendar_days"] else self.procedure
                ).id,
                "partner_id": self.partner.id,
                "department_id": (self.other_desk if spec["other_desk"] else self.desk).id,
                "channel": spec["channel"],
                "return_method": "postal" if spec["channel"] == "postal" else "desk",
            }
        )
        dossier.document_line_ids.filtered("mandatory").is_submitted = True
        when = ORIGIN + timedelta(days=spec["day"], hours=spec["hour"])
        dossier._receive(when=when)
        return dossier, when

    def _play(self, dossier, when, steps):
        """Apply the steps the dossier's state allows, each dated after the previous one."""
        parts = self.env["onestop.dossier"]
        for action, gap, arg in steps:
            when += timedelta(hours=gap)
            state = dossier.state
            if action == "pause" and state in ("received", "processing"):
                dossier._onestop_pause("Thiếu giấy tờ", when=when)
            elif action == "resume" and state == "waiting_supplement":
                dossier._onestop_resume(when=when)
            elif action == "reschedule" and state in ("received", "processing"):
                new_due = max(dossier.due_date, when) + timedelta(days=arg)
                dossier._onestop_reschedule(new_due, "Cần xác minh thêm", when=when)
            elif action == "part" and state in ("received", "processing"):
                # An inter-agency part, received at the other desk, resolved or not.
                part = self.env["onestop.dossier"].create(
                    {
                        "procedure_id": dossier.procedure_id.id,
                        "partner_id": self.partner.id,
                        "department_id": self.other_desk.id,
                        "channel": "in_person",
                        "parent_id": dossier.id,
                    }
                )
                part.document_line_ids.filtered("mandatory").is_submitted = True
                part._receive(when=when)
                if arg % 2:
                    part._onestop_resolve(when=when + timedelta(hours=arg))
                parts |= part
            elif action == "resolve" and state in ("received", "processing"):
                dossier._onestop_resolve(when=when)
            elif action == "return" and state == "resolved":
                method = dossier.return_method if arg % 3 else "postal"
                dossier._onestop_return(method=method, when=when, tracking_ref="EL%09dVN" % arg)
            elif action in CLOSED_STATES and state in (
                "received",
                "processing",
                "waiting_supplement",
            ):
                dossier._onestop_close(action, "Lý do", when=when)
        return parts

    # ------------------------------------------------------------------ from scratch
    def _scratch(self, dossiers, start, stop, as_of):
        """The figures of the period recomputed from each dossier's dated history, without
        the stored facts (nor the stored result timing): domain.md's rules in Python."""
        figures = dict.fromkeys(FIGURES, 0)
        offered = offered_online = 0
        for d in dossiers:
            if d.parent_id or not d.received_date or d.received_date >= stop:
                continue
            changes = d.deadline_change_ids.sorted(lambda c: (c.date, c.id))

            def due_at(moment, d=d, changes=changes):
                before = changes.filtered(lambda c, moment=moment: c.date <= moment)
                return before[-1:].due_after or d.initial_due_date

            end = d.resolved_date or (d.ended_date if d.state in CLOSED_STATES else False)
            stock = None
            if d.received_date >= start:
                stock = "received"
                figures["received_" + d.channel] += 1
                figures["received_total"] += 1
                if d.procedure_id.online_level != "none":
                    offered += 1
                    offered_online += d.channel == "online"
            elif not end or end >= start:
                stock = "carried"
                figures["carried_over"] += 1
            if stock:
                figures["to_handle"] += 1
            if end and start <= end < stop:
                if d.resolved_date:
                    due = due_at(end)
                    timing = d._onestop_working_time().timing(end, due) if due else "on_time"
                    figures["resolved_" + timing] += 1
                    figures["resolved_total"] += 1
                else:
                    figures[d.state] += 1
            elif not end or end >= stop:
                paused = any(
                    p.date_start < as_of and (not p.date_end or p.date_end >= as_of)
                    for p in d.pause_ids
                )
                if paused:
                    figures["paused"] += 1
                elif due_at(as_of) < as_of:
                    figures["pending_overdue"] += 1
                else:
                    figures["pending_within"] += 1
            if d.returned_date and start <= d.returned_date < stop and d.return_method == "postal":
                figures["returned_postal"] += 1
        return figures, offered, offered_online

    def assertFacts(self, dossiers):
        """The stored facts are those the history gives."""
        for d in dossiers:
            self.assertEqual(
                d.due_changed_date, max(d.deadline_change_ids.mapped("date") or [False])
            )
            self.assertEqual(d.first_pause_date, min(d.pause_ids.mapped("date_start") or [False]))
            if d.received_date:
                self.assertEqual(d.online_level, d.procedure_id.online_level)

    # ------------------------------------------------------------------ the test
    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        histories=st.lists(history, min_size=1, max_size=6),
        periods=st.lists(period, min_size=1, max_size=3),
    )
    def test_stored_facts_agree_with_the_history(self, histories, periods):
        dossiers = self.env["onestop.dossier"]
        for spec in histories:
            dossier, when = self._receive(spec)
            dossiers |= dossier | self._play(dossier, when, spec["steps"])
        self.env.flush_all()
        self.assertFacts(dossiers)
        Statistics = self.env["onestop.statistics"]
        domain = [("id", "in", dossiers.ids)]
        for first, length, now_hours in periods:
            date_from = DAY0 + timedelta(days=first)
            date_to = date_from + timedelta(days=length)
            now = ORIGIN + timedelta(hours=now_hours)
            with freeze_time(now):
                bounds = Statistics._statistics_bounds(date_from, date_to)
                [row] = Statistics.compute(date_from, date_to, domain=domain)
            expected, offered, online = self._scratch(
                dossiers, bounds["start"], bounds["stop"], bounds["as_of"]
            )
            label = "%s - %s judged at %s" % (date_from, date_to, bounds["as_of"])
            for key in FIGURES:
                self.assertEqual(row[key], expected[key], "%s: %s" % (label, key))
            self.assertEqual(row["online_rate"], online / offered if offered else None, label)


@tagged("post_install", "-at_install")
class TestStoredFactsMigration(OnestopCase):
    """onestop_base's migration 18.0.1.2.0 fills the stored facts of dossiers that have none
    (a database of an earlier version), and the statistics are then what they were."""

    def test_migration_fills_the_facts(self):
        self.procedure.online_level = "full"
        paused, rescheduled, plain = (self.make_dossier() for _i in range(3))
        paused._receive(when=local(2026, 3, 2, 9, 0))
        paused._onestop_pause("Thiếu giấy tờ", when=local(2026, 3, 2, 10, 0))
        paused._onestop_resume(when=local(2026, 3, 4, 10, 0))
        paused._onestop_pause("Thiếu giấy tờ", when=local(2026, 3, 4, 15, 0))
        rescheduled._receive(when=local(2026, 3, 2, 9, 0))
        rescheduled._onestop_reschedule(
            local(2026, 3, 20, 17, 0), "Cần xác minh thêm", when=local(2026, 3, 3, 9, 0)
        )
        plain._receive(when=local(2026, 3, 3, 9, 0))
        dossiers = paused | rescheduled | plain
        domain = [("id", "in", dossiers.ids)]
        Statistics = self.env["onestop.statistics"]
        periods = [(date(2026, 3, 1), date(2026, 3, 3)), (date(2026, 3, 1), date(2026, 3, 31))]
        with freeze_time(local(2026, 4, 10, 9, 0)):
            before = [Statistics.compute(*period, domain=domain) for period in periods]
        facts = {
            paused: (local(2026, 3, 4, 10, 0), local(2026, 3, 2, 10, 0)),
            rescheduled: (local(2026, 3, 3, 9, 0), False),
            plain: (False, False),
        }
        for dossier, expected in facts.items():
            self.assertEqual((dossier.due_changed_date, dossier.first_pause_date), expected)
        # A database of the version before: no facts, no snapshot of the online offer.
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE onestop_dossier SET due_changed_date = NULL, first_pause_date = NULL,
                      online_level = NULL WHERE id IN %s""",
            [tuple(dossiers.ids)],
        )
        self.env.invalidate_all()
        path = file_path("onestop_base/migrations/18.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("onestop_base_post_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.1.0")
        for dossier, expected in facts.items():
            self.assertEqual((dossier.due_changed_date, dossier.first_pause_date), expected)
            self.assertEqual(dossier.online_level, "full")
        with freeze_time(local(2026, 4, 10, 9, 0)):
            after = [Statistics.compute(*period, domain=domain) for period in periods]
        self.assertEqual(after, before)
        # Waiting at the end of 3 March (its first pause), and at the end of March (its
        # second).
        self.assertEqual(before[0][0]["paused"], 1)
        self.assertEqual(before[1][0]["paused"], 1)
