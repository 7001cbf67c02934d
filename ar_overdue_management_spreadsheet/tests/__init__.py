from . import test_collections_dashboard
from . import test_collections_tour
