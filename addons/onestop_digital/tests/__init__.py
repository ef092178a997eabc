from . import test_store
from . import test_signatures
from . import test_portal
from . import test_reports
from . import test_verify
from . import test_signers
from . import test_online_reuse
