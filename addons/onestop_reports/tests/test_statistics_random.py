"""The statistics read stored facts (the result's timing, the last change of the due date, the
first pause, the online level at reception); a randomized test checks them against a
recomputation from scratch, in Python, from the dated history of random dossiers (pauses,
new appointment dates, inter-agency parts, closures, results, returns) at random period
bounds and random moments of judgement."""

import importlib.util
from collections import Counter
from datetime import date, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools.misc import file_path

from odoo.addons.onestop_base.models.onestop_dossier import CLOSED_STATES
from odoo.addons.onestop_base.tests.common import OnestopCase, local, to_local

from ..models.onestop_statistics import FIGURES

ORIGIN = local(2026, 3, 2, 7, 0)  # a Monday

# A dossier's history: steps while it is open (pauses, supplements received, new appointment
# dates, inter-agency parts), each some hours after the previous one, then how it ends (or
# not). Steps its state does not allow then are skipped.
gap = st.floats(min_value=0.25, max_value=60.0, allow_nan=False)
step = st.tuples(
    st.sampled_from(["pause", "resume", "reschedule", "part"]),
    gap,
    st.integers(min_value=1, max_value=20),
)
history = st.fixed_dictionaries(
    {
        "calendar_days": st.booleans(),
        "channel": st.sampled_from(["in_person", "online", "postal"]),
        "other_desk": st.booleans(),
        # Reception: days after ORIGIN, and the hour (any hour: before opening, at night).
        "day": st.integers(min_value=0, max_value=20),
        "hour": st.floats(min_value=0.0, max_value=23.9, allow_nan=False),
        "steps": st.lists(step, max_size=6),
        "end": st.sampled_from(
            ["open", "resolve", "on_due_day", "late", "return", "return_postal", *CLOSED_STATES]
        ),
        "end_gap": st.floats(min_value=0.25, max_value=80.0, allow_nan=False),
    }
)
# Periods that end during the life of one of the dossiers (its reception plus some hours), so
# that dossiers are open at their end (pending, paused, changed after it), judged "now": some
# hours after the last event of the histories, so that a period may end before now (its end
# is the moment of judgement) or after it.
period = st.tuples(
    st.integers(min_value=0, max_value=5),  # the dossier during whose life the period ends
    st.floats(min_value=-24.0, max_value=240.0, allow_nan=False),  # the end, hours after it
    st.integers(min_value=0, max_value=20),  # length in days
    st.floats(min_value=0.0, max_value=400.0, allow_nan=False),  # now, after the last event
)


def _simple(end, steps=(), day=0, end_gap=4.0, channel="in_person"):
    """A history received on a working morning, for the explicit examples."""
    return {
        "calendar_days": False,
        "channel": channel,
        "other_desk": False,
        "day": day,
        "hour": 9.0,
        "steps": list(steps),
        "end": end,
        "end_gap": end_gap,
    }


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
        for action, hours, arg in steps:
            when += timedelta(hours=hours)
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
        return parts, when

    def _end(self, dossier, when, end, hours):
        """End the history: a result (at the due time; after it; returned, by post or not),
        a closure, or nothing."""
        when += timedelta(hours=hours)
        if end == "open":
            return when
        if dossier.state == "waiting_supplement" and end not in CLOSED_STATES:
            dossier._onestop_resume(when=when)
            when += timedelta(hours=1)
        if end == "on_due_day":
            # At the due time itself (on time), after a new appointment when it has passed.
            if dossier.due_date <= when:
                dossier._onestop_reschedule(when + timedelta(days=1), "Hẹn lại", when=when)
            when = dossier.due_date
        elif end == "late":
            when = max(when, dossier.due_date + timedelta(hours=hours))
        if end in CLOSED_STATES:
            dossier._onestop_close(end, "Lý do", when=when)
            return when
        dossier._onestop_resolve(when=when)
        if end.startswith("return"):
            when += timedelta(hours=hours / 2)
            method = "postal" if end == "return_postal" else "desk"
            dossier._onestop_return(method=method, when=when, tracking_ref="EL000000001VN")
        return when

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
                self._scratch_end(d, end, due_at, figures)
            elif not end or end >= stop:
                self._scratch_open(d, as_of, due_at, figures)
            if d.returned_date and start <= d.returned_date < stop and d.return_method == "postal":
                figures["returned_postal"] += 1
        for key, value in figures.items():
            self.seen[key] += bool(value)
        return figures, offered, offered_online

    def _scratch_end(self, d, end, due_at, figures):
        """A dossier ended in the period: its result against the due date in force then."""
        if not d.resolved_date:
            figures[d.state] += 1
            return
        due = due_at(end)
        timing = d._onestop_working_time().timing(end, due) if due else "on_time"
        figures["resolved_" + timing] += 1
        figures["resolved_total"] += 1
        if due != d.initial_due_date:
            self.seen["result against a moved due date"] += 1

    def _scratch_open(self, d, as_of, due_at, figures):
        """A dossier open at the end of the period: waiting then, or pending by the due date
        in force then."""
        paused = any(
            p.date_start < as_of and (not p.date_end or p.date_end >= as_of) for p in d.pause_ids
        )
        due = due_at(as_of)
        if paused:
            figures["paused"] += 1
            if d.state != "waiting_supplement":
                self.seen["paused then, not now"] += 1
            return
        figures["pending_overdue" if due < as_of else "pending_within"] += 1
        if due != d.due_date:
            self.seen["due date then not the last one"] += 1
            if (due < as_of) != (d.due_date < as_of):
                self.seen["overdue then, not by the last due date"] += 1

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
    def test_stored_facts_agree_with_the_history(self):
        self.seen = Counter()
        self._check_random_histories()
        # The histories reached every class and the cases where the stored facts alone do
        # not give the answer (the history is looked up): the comparison meant something.
        for key in (
            *FIGURES,
            "result against a moved due date",
            "paused then, not now",
            "due date then not the last one",
            "overdue then, not by the last due date",
        ):
            self.assertTrue(self.seen[key], "never met: %s (%s)" % (key, sorted(self.seen.items())))

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # Explicit histories first, so that every class is met whatever the random draws: a
    # result early, on the due day, late and after a new appointment; a pause left open.
    @example(
        histories=[
            _simple("resolve"),
            _simple("on_due_day"),
            _simple("late", end_gap=30.0),
            _simple("resolve", steps=[("reschedule", 2.0, 5)]),
            _simple("open", steps=[("pause", 2.0, 1)]),
            _simple("return", day=1),
        ],
        periods=[(0, 1000.0, 60, 0.0), (0, 30.0, 3, 0.0)],
    )
    @example(
        histories=[
            _simple("refused", channel="online"),
            _simple("withdrawn", channel="postal"),
            _simple("stopped"),
            _simple("return_postal", channel="postal"),
            _simple("open"),
            _simple("open", day=30),
        ],
        periods=[(0, 1000.0, 60, 0.0), (5, -300.0, 5, 0.0)],
    )
    @given(
        histories=st.lists(history, min_size=2, max_size=6),
        periods=st.lists(period, min_size=1, max_size=4),
    )
    def _check_random_histories(self, histories, periods):
        dossiers = self.env["onestop.dossier"]
        last = ORIGIN
        receptions = []
        for spec in histories:
            dossier, when = self._receive(spec)
            receptions.append(when)
            parts, when = self._play(dossier, when, spec["steps"])
            when = self._end(dossier, when, spec["end"], spec["end_gap"])
            dossiers |= dossier | parts
            last = max(last, when, *filter(None, parts.mapped("resolved_date")))
        self.env.flush_all()
        self.assertFacts(dossiers)
        Statistics = self.env["onestop.statistics"]
        domain = [("id", "in", dossiers.ids)]
        for index, hours, length, now_hours in periods:
            end = receptions[index % len(receptions)] + timedelta(hours=hours)
            date_to = to_local(end).date()
            date_from = date_to - timedelta(days=length)
            now = last + timedelta(hours=now_hours)
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
