from . import test_national_status
from . import test_outbox
from . import test_catalogue_reconciliation
from . import test_officer_time
from . import test_views
