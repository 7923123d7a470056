from . import test_install
from . import test_permissions
from . import test_modules
from . import test_invoicing
