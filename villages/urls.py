"""URLs of the villages app."""

from django.urls import path

from .views import organisation as views

app_name = "villages"

urlpatterns = [
    path("", views.VillageListView.as_view(), name="village_list"),
    path("<int:pk>/", views.VillageDetailView.as_view(), name="village_detail"),
    path("<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("<int:pk>/file/", views.village_file_edit, name="village_file_edit"),
    path("<int:pk>/plan/add/", views.planitem_create, name="planitem_create"),
    path("plan/<int:pk>/", views.planitem_edit, name="planitem_edit"),
    path("plan/<int:pk>/delete/", views.planitem_delete, name="planitem_delete"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path(
        "townships/<int:pk>/",
        views.TownshipDetailView.as_view(),
        name="township_detail",
    ),
]

# --- cadre roster (台账), ledgers and import ---------------------------------------
from .views import imports as import_views  # noqa: E402
from .views import roster as roster_views  # noqa: E402

urlpatterns += [
    path("roster/", roster_views.RosterListView.as_view(), name="roster"),
    path("roster/export/", roster_views.roster_export, name="roster_export"),
    path(
        "people/<int:pk>/",
        roster_views.PersonDetailView.as_view(),
        name="person_detail",
    ),
    path("ledger/", roster_views.township_ledger, name="ledger"),
    path("ledger/export/", roster_views.township_ledger_export, name="ledger_export"),
    path("<int:pk>/ledger/", roster_views.village_ledger, name="village_ledger"),
    path(
        "<int:pk>/ledger/export/",
        roster_views.village_ledger_export,
        name="village_ledger_export",
    ),
    path("import/", import_views.import_start, name="import_start"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path(
        "import/<int:pk>/status/",
        import_views.import_job_status,
        name="import_job_status",
    ),
    path(
        "import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"
    ),
    path("import/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
    path(
        "import/<int:pk>/marked.xlsx",
        import_views.import_marked_workbook,
        name="import_marked",
    ),
]
