from . import test_ticket
from . import test_on_the_spot
from . import test_kiosk
from . import test_hall_screen
from . import test_statistics
from . import test_booking
from . import test_booking_vietnamese
