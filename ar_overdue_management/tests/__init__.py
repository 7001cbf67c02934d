from . import test_statement_portal
from . import test_statement_page_languages
