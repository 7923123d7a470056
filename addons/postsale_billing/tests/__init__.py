from . import test_install
from . import test_billing_config
from . import test_activity_billing
