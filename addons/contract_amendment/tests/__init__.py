from . import test_amend
from . import test_change_effect
from . import test_notice
from . import test_sale_amendment
from . import test_sale_contract
from . import test_one_time_contract
