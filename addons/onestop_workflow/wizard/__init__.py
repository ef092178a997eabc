from . import onestop_forward_wizard
from . import onestop_send_back_wizard
from . import onestop_supplement_wizard
from . import onestop_close_wizard
from . import onestop_result_wizard
from . import onestop_return_wizard
from . import onestop_transfer_wizard
from . import onestop_reassign_wizard
