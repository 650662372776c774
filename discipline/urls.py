"""URLs of the discipline app."""

from django.urls import path

from .views import letters, opinions, records, reports, texts, totals

app_name = "discipline"

urlpatterns = [
    path("", totals.totals, name="totals"),
    path("villages/<int:pk>/notice/", totals.village_notice, name="village_notice"),
    # education events
    path("events/", records.EventListView.as_view(), name="event_list"),
    path("events/add/", records.event_form, name="event_add"),
    path("events/<int:pk>/", records.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", records.event_form, name="event_edit"),
    path("events/<int:pk>/delete/", records.event_delete, name="event_delete"),
    path("events/<int:pk>/files/", records.event_attach, name="event_attach"),
    path("events/files/<int:pk>/", records.event_file, name="event_file"),
    path(
        "events/files/<int:pk>/delete/",
        records.event_file_delete,
        name="event_file_delete",
    ),
    # materials and publicity
    path("materials/", records.MaterialListView.as_view(), name="material_list"),
    path(
        "materials/add/", records.record_form, {"kind": "material"}, name="material_add"
    ),
    path(
        "materials/<int:pk>/",
        records.record_form,
        {"kind": "material"},
        name="material_edit",
    ),
    path(
        "materials/<int:pk>/delete/",
        records.record_delete,
        {"kind": "material"},
        name="material_delete",
    ),
    path("publicity/", records.PublicityListView.as_view(), name="publicity_list"),
    path(
        "publicity/add/",
        records.record_form,
        {"kind": "publicity"},
        name="publicity_add",
    ),
    path(
        "publicity/<int:pk>/",
        records.record_form,
        {"kind": "publicity"},
        name="publicity_edit",
    ),
    path(
        "publicity/<int:pk>/delete/",
        records.record_delete,
        {"kind": "publicity"},
        name="publicity_delete",
    ),
    # reference texts
    path("texts/", texts.text_list, name="text_list"),
    path("texts/<int:pk>/", texts.text_detail, name="text_detail"),
    path("texts/<int:pk>/print/", texts.text_print, name="text_print"),
    path("texts/<int:text_pk>/items/add/", texts.item_form, name="item_add"),
    path("texts/<int:text_pk>/items/<int:pk>/", texts.item_form, name="item_edit"),
    # commitment letters
    path("letters/", letters.LetterListView.as_view(), name="letter_list"),
    path("letters/add/", letters.letter_form, name="letter_add"),
    path("letters/unsigned/", letters.letter_unsigned, name="letter_unsigned"),
    path("letters/print/", letters.letter_print, name="letter_print"),
    path("letters/<int:pk>/", letters.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<int:pk>/edit/", letters.letter_form, name="letter_edit"),
    path("letters/<int:pk>/delete/", letters.letter_delete, name="letter_delete"),
    path("letters/<int:pk>/scan/", letters.letter_scan, name="letter_scan"),
    # reports (举报)
    path("reports/", reports.report_list, name="report_list"),
    path("reports/add/", reports.report_register, name="report_add"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/print/", reports.report_print, name="report_print"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:pk>/conclude/", reports.report_conclude, name="report_conclude"),
    path("reports/<int:pk>/action/", reports.report_action, name="report_action"),
    path("reports/<int:pk>/handled/", reports.report_handled, name="report_handled"),
    path("reports/<int:pk>/feedback/", reports.report_feedback, name="report_feedback"),
    path("reports/<int:pk>/close/", reports.report_close, name="report_close"),
    path(
        "reports/<int:pk>/extension/", reports.report_extension, name="report_extension"
    ),
    path("reports/<int:pk>/source/", reports.report_source_edit, name="report_source"),
    path("reports/<int:pk>/files/", reports.report_attach, name="report_attach"),
    path("reports/files/<int:pk>/", reports.report_file, name="report_file"),
    path(
        "extensions/<int:pk>/decide/", reports.extension_decide, name="extension_decide"
    ),
    # public opinion (舆情)
    path("opinions/", opinions.OpinionListView.as_view(), name="opinion_list"),
    path("opinions/add/", opinions.opinion_form, name="opinion_add"),
    path(
        "opinions/<int:pk>/",
        opinions.OpinionDetailView.as_view(),
        name="opinion_detail",
    ),
    path("opinions/<int:pk>/edit/", opinions.opinion_form, name="opinion_edit"),
    path("opinions/<int:pk>/close/", opinions.opinion_close, name="opinion_close"),
]
