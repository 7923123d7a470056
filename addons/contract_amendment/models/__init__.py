from . import product_template
from . import contract_line
from . import contract_contract
from . import sale_order_line
from . import sale_order
