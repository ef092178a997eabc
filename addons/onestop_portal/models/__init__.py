from . import ir_http
from . import onestop_dossier
from . import onestop_dossier_document
from . import onestop_portal_demo
from . import onestop_portal_throttle
from . import onestop_procedure
