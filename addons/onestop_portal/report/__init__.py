from . import onestop_form_receipt
