"""These tests need a database without demo data: `make test` runs them in
one (POSTSALE_WITHOUT_DEMO=1); the other runs do not collect them."""

import os

if os.environ.get("POSTSALE_WITHOUT_DEMO") != "1":
    collect_ignore_glob = ["test_*.py"]
