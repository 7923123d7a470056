from . import test_install
from . import test_state_protection
from . import test_companies
