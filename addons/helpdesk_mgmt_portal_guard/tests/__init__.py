from . import test_ticket_close
from . import test_submit_ticket
