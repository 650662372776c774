"""URLs of the supervision app."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.note_list, name="note_list"),
    path("new/", views.note_create, name="note_create"),
    path("<int:pk>/", views.note_detail, name="note_detail"),
    path("<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("<int:pk>/follow-up/", views.note_follow_up, name="note_follow_up"),
    path("<int:pk>/close/", views.note_close, name="note_close"),
    path("<int:pk>/reopen/", views.note_reopen, name="note_reopen"),
]
