from . import test_uploads
from . import test_receipt
from . import test_tracking
from . import test_my_portal
from . import test_submission
from . import test_supplement
from . import test_rating
from . import test_tour
