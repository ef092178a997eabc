from . import masking
from . import uploads
