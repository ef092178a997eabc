from . import onestop_stage
from . import onestop_process
from . import onestop_process_step
from . import onestop_dossier_step
from . import onestop_dossier_apology
from . import onestop_dossier
from . import onestop_procedure
from . import onestop_workflow_demo
