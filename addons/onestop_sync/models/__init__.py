from . import onestop_sync_endpoint
from . import onestop_sync_event
from . import onestop_sync_catalogue
from . import onestop_procedure
from . import onestop_dossier
from . import onestop_mail_queue
