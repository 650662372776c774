"""URLs of meetings, elections, results and the structure analysis (included by
candidates/urls.py under the ``candidates`` namespace)."""

from django.urls import path

from .views.elections import meetings, structure, votes

urlpatterns = [
    # recommendation meetings (两推)
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path(
        "villages/<int:village_pk>/meetings/new/",
        meetings.meeting_create,
        name="meeting_create",
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<int:pk>/confirm/", meetings.meeting_confirm, name="meeting_confirm"
    ),
    # elections
    path("elections/", votes.election_list, name="election_list"),
    path("elections/new/", votes.election_new, name="election_new"),
    path(
        "villages/<int:village_pk>/elections/<slug:body>/new/",
        votes.election_create,
        name="election_create",
    ),
    path("elections/<int:pk>/", votes.election_detail, name="election_detail"),
    path("elections/<int:pk>/edit/", votes.election_edit, name="election_edit"),
    path("elections/<int:pk>/count/", votes.election_count, name="election_count"),
    path("elections/<int:pk>/apply/", votes.election_apply, name="election_apply"),
    path(
        "elections/<int:pk>/follow/<slug:kind>/",
        votes.election_followup,
        name="election_followup",
    ),
    path("elections/<int:pk>/reduce/", votes.election_reduce, name="election_reduce"),
    path("elections/<int:pk>/delete/", votes.election_delete, name="election_delete"),
    path("elections/<int:pk>/void/", votes.election_void, name="election_void"),
    # structure analysis (两升一降)
    path("structure/", structure.structure, name="structure"),
]
