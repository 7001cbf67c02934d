from . import test_statement_portal
from . import test_statement_page_languages
from . import test_pay_portal
