"""Admin of the candidates app: criteria, departments, nominations and joint review.

The registrations live in ``admin_vetting`` (scoped like every page, through
``core.admin.ScopedAdmin``); the elections' admin is in the elections app.
"""

from . import admin_vetting  # noqa: F401
