"""URLs of the candidates app: nominations, joint review (联审), 公示 and the formal list.

The election pages that lived here moved to the elections app; their old
addresses redirect (``elections/urls_legacy.py``).
"""

from .urls_vetting import urlpatterns

app_name = "candidates"

__all__ = ["app_name", "urlpatterns"]
