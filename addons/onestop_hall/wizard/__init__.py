from . import onestop_ticket_transfer_wizard
