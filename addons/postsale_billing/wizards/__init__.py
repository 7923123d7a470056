from . import postsale_billing_result
from . import postsale_billing_result_line
