from . import test_statistics
from . import test_exports
from . import test_views
from . import test_board
from . import test_ui
from . import test_export_job
from . import test_access_matrix
from . import test_logbook
