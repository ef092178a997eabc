from . import kiosk
from . import hall
from . import statistics
from . import booking
from . import portal
