from . import test_billing_config
from . import test_activity_billing
from . import test_batch_billing
from . import test_performance
from . import test_concurrency
from . import test_contract_billing
from . import test_tours
