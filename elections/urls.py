"""URLs of the elections app: meetings, elections, results and the structure analysis.

Mounted at ``/elections/``. The addresses these pages had under ``/candidates/``
before the split answer with redirects (``urls_legacy``), so bookmarks and
printed QR codes keep working.
"""

from django.urls import path

from elections.views import polling

from .views import (
    handover,
    meetings,
    register,
    seat,
    statistics,
    structure,
    trial,
    votes,
)

app_name = "elections"

urlpatterns = [
    # elections
    path("", votes.election_list, name="election_list"),
    path("new/", votes.election_new, name="election_new"),
    path("trial/", trial.trial_calculation, name="trial"),
    path("<int:pk>/", votes.election_detail, name="election_detail"),
    path("<int:pk>/edit/", votes.election_edit, name="election_edit"),
    path("<int:pk>/count/", votes.election_count, name="election_count"),
    path("<int:pk>/apply/", votes.election_apply, name="election_apply"),
    path(
        "<int:pk>/follow/<slug:kind>/",
        votes.election_followup,
        name="election_followup",
    ),
    path("<int:pk>/reduce/", votes.election_reduce, name="election_reduce"),
    # the women's seat (妇女委员另行选举) and candidates' withdrawals (候选人退出)
    path("<int:pk>/women-seat/", seat.women_seat_new, name="women_seat_new"),
    path(
        "withdrawals/<int:nomination_pk>/new/",
        seat.withdrawal_new,
        name="withdrawal_new",
    ),
    path("<int:pk>/delete/", votes.election_delete, name="election_delete"),
    path("<int:pk>/void/", votes.election_void, name="election_void"),
    # voter register (选民登记)
    path("<int:pk>/register/", register.register, name="register"),
    path("<int:pk>/register/add/", register.voter_add, name="register_add"),
    path(
        "<int:pk>/register/<int:voter_pk>/remove/",
        register.voter_remove,
        name="register_remove",
    ),
    path(
        "<int:pk>/register/publish/", register.register_publish, name="register_publish"
    ),
    path("<int:pk>/register/import/", register.register_import, name="register_import"),
    path(
        "<int:pk>/register/import/<int:job_pk>/",
        register.register_import_job,
        name="register_import_job",
    ),
    path(
        "<int:pk>/register/import/<int:job_pk>/status/",
        register.register_import_job_status,
        name="register_import_job_status",
    ),
    path(
        "<int:pk>/register/import/<int:job_pk>/confirm/",
        register.register_import_job_confirm,
        name="register_import_job_confirm",
    ),
    path(
        "<int:pk>/register/import/<int:job_pk>/retry/",
        register.register_import_job_retry,
        name="register_import_job_retry",
    ),
    path("<int:pk>/register/print/", register.register_print, name="register_print"),
    path("<int:pk>/register/cards/", register.register_cards, name="register_cards"),
    path(
        "<int:pk>/register/appeals/", register.register_appeals, name="register_appeals"
    ),
    path(
        "<int:pk>/register/appeals/<int:appeal_pk>/decide/",
        register.appeal_decide,
        name="register_appeal_decide",
    ),
    # proxy votes (委托投票, V9) and polling stations (投票站, 流动票箱, V7)
    path("<int:pk>/proxies/", polling.proxies, name="proxies"),
    path("<int:pk>/proxies/add/", polling.proxy_add, name="proxy_add"),
    path("<int:pk>/proxies/publish/", polling.proxy_publish, name="proxy_publish"),
    path("<int:pk>/proxies/print/", polling.proxy_print, name="proxy_print"),
    path(
        "<int:pk>/proxies/<int:proxy_pk>/edit/", polling.proxy_edit, name="proxy_edit"
    ),
    path(
        "<int:pk>/proxies/<int:proxy_pk>/revoke/",
        polling.proxy_revoke,
        name="proxy_revoke",
    ),
    path("<int:pk>/stations/", polling.stations, name="stations"),
    path("<int:pk>/stations/add/", polling.station_add, name="station_add"),
    path(
        "<int:pk>/stations/<int:station_pk>/edit/",
        polling.station_edit,
        name="station_edit",
    ),
    path(
        "<int:pk>/stations/<int:station_pk>/delete/",
        polling.station_delete,
        name="station_delete",
    ),
    # recommendation meetings (两推)
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path(
        "villages/<int:village_pk>/meetings/new/",
        meetings.meeting_create,
        name="meeting_create",
    ),
    path(
        "villages/<int:village_pk>/election/<slug:body>/new/",
        votes.election_create,
        name="election_create",
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<int:pk>/confirm/", meetings.meeting_confirm, name="meeting_confirm"
    ),
    # 离任经济责任审计 and 工作移交
    path("audits/", handover.audit_list, name="audit_list"),
    path("audits/new/", handover.audit_pick, name="audit_pick"),
    path(
        "villages/<int:village_pk>/audits/new/",
        handover.audit_new,
        name="audit_new",
    ),
    path("audits/<int:pk>/", handover.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/edit/", handover.audit_edit, name="audit_edit"),
    path("handovers/", handover.handover_list, name="handover_list"),
    path("handovers/new/", handover.handover_pick, name="handover_pick"),
    path(
        "villages/<int:village_pk>/handover/new/",
        handover.handover_new,
        name="handover_new",
    ),
    path("handovers/<int:pk>/", handover.handover_detail, name="handover_detail"),
    path("handovers/<int:pk>/edit/", handover.handover_edit, name="handover_edit"),
    path("handovers/<int:pk>/print/", handover.handover_print, name="handover_print"),
    # structure analysis (两升一降)
    path("structure/", structure.structure, name="structure"),
    # county statistics report (换届统计表)
    path("statistics/", statistics.statistics, name="statistics"),
]
