from . import portal
from . import reports
from . import verify
