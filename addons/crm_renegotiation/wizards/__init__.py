from . import crm_renegotiation_wizard
