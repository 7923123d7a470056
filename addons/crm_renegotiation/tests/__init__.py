from . import test_rules
from . import test_renegotiation
from . import test_apply
from . import test_partner
from . import test_security
from . import test_template_discount
from . import test_settings
from . import test_tours
