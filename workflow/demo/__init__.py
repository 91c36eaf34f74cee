"""Demo desk: users for every role and sample statements at every stage (local development).

The statements are archive files in ``statements/``; ``load_demo`` makes them through the
services, as people would.
"""

from .loader import load_demo
from .users import DEMO_USERS, DemoUser

__all__ = ("DEMO_USERS", "DemoUser", "load_demo")
