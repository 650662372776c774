"""URLs of the stages app."""

from django.urls import path

from .views import dashboards, feeds, holidays, maps, rounds, tasks

app_name = "stages"

urlpatterns = [
    path("", maps.battle_map, name="battle_map"),
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
    path("tasks/", dashboards.task_list, name="task_list"),
    path("lagging/", dashboards.lagging, name="lagging"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/start/", rounds.round_start, name="round_start"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/map/", maps.round_map, name="round_map"),
    path("rounds/<int:pk>/election-days/", rounds.election_days, name="election_days"),
    path("rounds/<int:pk>/print/", rounds.township_print, name="township_print"),
    path("rounds/<int:pk>/stages/<int:stage_pk>/", maps.stage_view, name="stage_view"),
    path(
        "rounds/<int:pk>/villages/<int:village_pk>/",
        tasks.village_timeline,
        name="village_timeline",
    ),
    path(
        "rounds/<int:pk>/villages/<int:village_pk>/stages/<int:stage_pk>/",
        tasks.village_stage,
        name="village_stage",
    ),
    path(
        "rounds/<int:pk>/villages/<int:village_pk>/print/",
        tasks.village_print,
        name="village_print",
    ),
    path(
        "rounds/<int:pk>/villages/<int:village_pk>/move/",
        rounds.election_move,
        name="election_move",
    ),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/sheet/", tasks.task_sheet, name="task_sheet"),
    path("evidence/<int:pk>/", tasks.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", tasks.evidence_delete, name="evidence_delete"),
    path("timetable/", rounds.stage_list, name="stage_list"),
    path("timetable/<int:pk>/", rounds.template_detail, name="template_detail"),
    path("rules/<int:pk>/", rounds.ruleset_detail, name="ruleset_detail"),
    path("holidays/", holidays.holiday_list, name="holiday_list"),
    path("holidays/go/", holidays.holiday_year_go, name="holiday_year_go"),
    path("holidays/recompute/", holidays.calendar_recompute, name="calendar_recompute"),
    path("holidays/<int:year>/", holidays.holiday_year, name="holiday_year"),
    path("calendar/", feeds.calendar_settings, name="calendar_settings"),
    path("calendar/revoke/", feeds.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]
