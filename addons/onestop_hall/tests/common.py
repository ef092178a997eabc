from odoo import Command

from odoo.addons.onestop_base.tests.common import local
from odoo.addons.onestop_workflow.tests.common import WorkflowCase

# Monday 2 March 2026, a working day of the shipped calendar (07:00-11:30, 13:30-17:00).
DAY = (2026, 3, 2)


def at(hour, minute=0, day=DAY):
    """Naive UTC of a wall-clock time in Vietnam on ``day``."""
    return local(*day, hour, minute)


class HallCase(WorkflowCase):
    """Base's small agency and its desk with a hall: group A (the civil-status field),
    group B (the building-permit procedure); counter 1 serves A, counter 2 serves B,
    counter 3 both. The reception officer sits at counter 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Service = cls.env["onestop.hall.service"]
        cls.service_a = Service.create(
            {
                "name": "Hộ tịch",
                "letter": "A",
                "department_id": cls.desk.id,
                "field_ids": [Command.set(cls.field.ids)],
            }
        )
        cls.service_b = Service.create(
            {
                "name": "Xây dựng",
                "letter": "B",
                "department_id": cls.desk.id,
                "procedure_ids": [Command.set(cls.procedure_calendar_days.ids)],
            }
        )
        cls.other_service = Service.create(
            {"name": "Hộ tịch", "letter": "A", "department_id": cls.other_desk.id}
        )
        Counter = cls.env["onestop.counter"]
        cls.counter1 = Counter.create(
            {
                "name": "Quầy 1",
                "number": 1,
                "department_id": cls.desk.id,
                "service_ids": [Command.set(cls.service_a.ids)],
                "user_id": cls.reception.id,
            }
        )
        cls.counter2 = Counter.create(
            {
                "name": "Quầy 2",
                "number": 2,
                "department_id": cls.desk.id,
                "service_ids": [Command.set(cls.service_b.ids)],
            }
        )
        cls.counter3 = Counter.create(
            {
                "name": "Quầy 3",
                "number": 3,
                "department_id": cls.desk.id,
                "service_ids": [Command.set((cls.service_a | cls.service_b).ids)],
            }
        )
        cls.Ticket = cls.env["onestop.ticket"]

    def issue(self, service=None, hour=8, minute=0, priority="none", day=DAY):
        return self.Ticket._onestop_issue(
            service or self.service_a, priority=priority, when=at(hour, minute, day)
        )
