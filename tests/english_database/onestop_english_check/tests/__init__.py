from . import test_english_database
