from . import test_statement_portal
