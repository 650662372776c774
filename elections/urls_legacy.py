"""Redirects from the addresses the election pages had under ``/candidates/``.

Until the elections app was split out of the candidates app, meetings, elections
and the structure analysis lived under ``/candidates/``. Bookmarks and printed QR
codes still point there, so each old address answers 301 with the new one,
keeping the query string (``?village=…``, ``?export=xlsx``). Mounted by the
project's URLconf under ``candidates/`` next to the candidates app's own URLs,
whose paths these do not overlap.
"""

from django.urls import path
from django.views.generic import RedirectView


def _to(name):
    return RedirectView.as_view(
        pattern_name=f"elections:{name}", query_string=True, permanent=True
    )


urlpatterns = [
    path("meetings/", _to("meeting_list")),
    path("villages/<int:village_pk>/meetings/new/", _to("meeting_create")),
    path("meetings/<int:pk>/", _to("meeting_detail")),
    path("meetings/<int:pk>/edit/", _to("meeting_edit")),
    path("meetings/<int:pk>/confirm/", _to("meeting_confirm")),
    path("elections/", _to("election_list")),
    path("elections/new/", _to("election_new")),
    path(
        "villages/<int:village_pk>/elections/<slug:body>/new/", _to("election_create")
    ),
    path("elections/<int:pk>/", _to("election_detail")),
    path("elections/<int:pk>/edit/", _to("election_edit")),
    path("elections/<int:pk>/count/", _to("election_count")),
    path("elections/<int:pk>/apply/", _to("election_apply")),
    path("elections/<int:pk>/follow/<slug:kind>/", _to("election_followup")),
    path("elections/<int:pk>/reduce/", _to("election_reduce")),
    path("elections/<int:pk>/delete/", _to("election_delete")),
    path("elections/<int:pk>/void/", _to("election_void")),
    path("structure/", _to("structure")),
]
