from . import onestop_hall_service
from . import onestop_counter
from . import onestop_ticket
from . import onestop_hall_booking
from . import onestop_procedure
from . import onestop_dossier
from . import onestop_department
from . import onestop_portal_throttle
