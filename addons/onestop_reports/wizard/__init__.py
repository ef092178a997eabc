from . import onestop_statistics_wizard
from . import onestop_statistics_line
from . import onestop_dashboard
from . import onestop_logbook_wizard
