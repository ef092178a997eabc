from . import kiosk
from . import hall
