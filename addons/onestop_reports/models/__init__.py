from . import onestop_period_mixin
from . import onestop_statistics
from . import onestop_dossier
from . import onestop_department
from . import onestop_export_job
