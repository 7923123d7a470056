from . import test_deal_contract
from . import test_tours
