from . import hall_xlsx
