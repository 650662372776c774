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
    path("townships/<int:pk>/", views.TownshipDetailView.as_view(), name="township_detail"),
]
