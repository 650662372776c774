"""URLs of the candidates app: nominations, joint review (联审), 公示 and the formal list.

The election pages that lived here moved to the elections app; their old
addresses redirect (``elections/urls_legacy.py``).
"""

from django.urls import path

from .views.vetting import catalogue, nominations, notices, review

app_name = "candidates"

urlpatterns = [
    # ledger and nominations
    path("nominations/", nominations.LedgerView.as_view(), name="nomination_list"),
    path(
        "nominations/<int:pk>/", nominations.nomination_detail, name="nomination_detail"
    ),
    path(
        "nominations/<int:pk>/send/",
        nominations.nomination_send,
        name="nomination_send",
    ),
    path(
        "nominations/<int:pk>/inspection/",
        nominations.nomination_start_inspection,
        name="nomination_start_inspection",
    ),
    path(
        "nominations/<int:pk>/disqualify/",
        nominations.nomination_disqualify,
        name="nomination_disqualify",
    ),
    path(
        "nominations/<int:pk>/decision/",
        nominations.review_decide,
        name="review_decide",
    ),
    path(
        "nominations/<int:pk>/review-table/",
        nominations.review_table,
        name="review_table",
    ),
    path(
        "nominations/<int:pk>/review-table.xlsx",
        nominations.review_table_xlsx,
        name="review_table_xlsx",
    ),
    path(
        "villages/<int:village_pk>/vetting/",
        nominations.LedgerView.as_view(),
        name="village_ledger",
    ),
    path(
        "villages/<int:village_pk>/nominate/",
        nominations.nomination_create,
        name="nomination_create",
    ),
    path("review/send/", nominations.review_send, name="review_send"),
    # department inbox
    path("review/", review.InboxView.as_view(), name="review_inbox"),
    path("review/<int:pk>/", review.review_item, name="review_item"),
    path(
        "review/<int:pk>/criteria/<int:criterion_pk>/",
        review.review_finding,
        name="review_finding",
    ),
    path(
        "review/<int:pk>/rest-clear/",
        review.review_rest_clear,
        name="review_rest_clear",
    ),
    path("review/<int:pk>/sign/", review.review_sign, name="review_sign"),
    path(
        "findings/<int:pk>/evidence/", review.finding_evidence, name="finding_evidence"
    ),
    # public notice and formal list
    path(
        "villages/<int:village_pk>/notices/<str:body>/new/",
        notices.notice_create,
        name="notice_create",
    ),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print/", notices.notice_print, name="notice_print"),
    path(
        "notices/<int:pk>/objections/",
        notices.objection_create,
        name="objection_create",
    ),
    path(
        "objections/<int:pk>/resolve/",
        notices.objection_resolve,
        name="objection_resolve",
    ),
    path(
        "villages/<int:village_pk>/formal-list/<str:body>/",
        notices.formal_list,
        name="formal_list",
    ),
    path(
        "villages/<int:village_pk>/formal-list/<str:body>/propose/",
        notices.formal_list_propose,
        name="formal_list_propose",
    ),
    path(
        "formal-lists/<int:pk>/confirm/",
        notices.formal_list_confirm,
        name="formal_list_confirm",
    ),
    path(
        "formal-lists/<int:pk>/withdraw/",
        notices.formal_list_withdraw,
        name="formal_list_withdraw",
    ),
    # catalogue
    path("criteria/", catalogue.criteria, name="criteria"),
]
