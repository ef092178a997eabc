from . import masking
from . import qr
from . import uploads
