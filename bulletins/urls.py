"""URLs of the progress bulletin."""

from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin, name="bulletin"),
    path("print/", views.bulletin_print, name="print"),
    path("docx/", views.bulletin_download, name="docx"),
]
