from . import test_statistics
