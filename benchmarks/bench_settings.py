"""Settings for the benchmarks' web servers: the production settings plus load shedding.

Until the load-shedding middleware is listed in asmtp.settings (the lead's file), the HTTP
benchmark runs the servers with this module, placing the two classes where production will,
so that what it measures is what production will run. Nothing else differs.
"""

from asmtp.settings import *  # noqa: F403
from asmtp.settings import MIDDLEWARE

SHEDDING = "asmtp.web.load_shedding.LoadSheddingMiddleware"
EXHAUSTION = "asmtp.web.load_shedding.ConnectionExhaustionMiddleware"
if SHEDDING not in MIDDLEWARE:
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, SHEDDING)
    MIDDLEWARE.insert(MIDDLEWARE.index("asmtp.web.middleware.DatabaseUnavailableMiddleware") + 1, EXHAUSTION)
