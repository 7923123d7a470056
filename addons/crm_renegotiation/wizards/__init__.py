from . import crm_renegotiation_wizard
from . import crm_renegotiation_wizard_line
