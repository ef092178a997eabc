from . import test_working_time
from . import test_dossier_code
from . import test_reception
from . import test_access
from . import test_tour
from . import test_language
