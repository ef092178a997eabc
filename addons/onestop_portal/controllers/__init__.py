from . import attachment
from . import catalogue
from . import portal
from . import tracking
