from odoo import fields, models


class OnestopTicketTransferWizard(models.TransientModel):
    """Send a called ticket to another counter of the desk."""

    _name = "onestop.ticket.transfer.wizard"
    _description = "Transfer a ticket to another counter"

    ticket_id = fields.Many2one("onestop.ticket", required=True, readonly=True)
    department_id = fields.Many2one(related="ticket_id.department_id")
    from_counter_id = fields.Many2one(related="ticket_id.counter_id", string="From counter")
    counter_id = fields.Many2one(
        "onestop.counter",
        string="To counter",
        required=True,
        domain="[('department_id', '=', department_id), ('id', '!=', from_counter_id)]",
    )

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._onestop_check_desk()
        self.ticket_id._onestop_transfer(self.counter_id)
        return {"type": "ir.actions.act_window_close"}
