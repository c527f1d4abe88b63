"""Settings for the test suite (pyproject points pytest-django here): the project's settings, plus a key.

A fresh clone has no `.secret_key` and CI sets no SECRET_KEY, and phoihop.settings refuses to start without
one: the tests use this fixed, test-only key. It goes into os.environ so that the commands the tests run in
child processes (`manage.py …`) get it too. Nothing outside pytest reads this module.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-" + "k3y-n0t-f0r-pr0duct10n-" * 3)
# the protected identities' Fernet key (issue 13, point 5): test-only, never a deployment's
os.environ.setdefault("PHOIHOP_IDENTITY_KEYS", "j-PnwomRHNimSjgDCCfFZCbWafQuPqtGcWaEsLd61yQ=")

from phoihop.settings import *  # noqa: F403

# WhiteNoise serves the apps' static directories directly: no `collectstatic` before the tests (`make run` and
# production serve the collected copy in STATIC_ROOT, the same files).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# One connection per test thread, closed when the thread ends (the race tests' close_old_connections() must
# close it, or the test database cannot be dropped): no persistent connections in the suite.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
