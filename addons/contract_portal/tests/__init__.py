from . import test_permissions
from . import test_modules
from . import test_invoicing
from . import test_portal_routes
from . import test_companies
from . import test_performance
from . import test_order_module
from . import test_tours
