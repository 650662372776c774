"""URL configuration of 换届通."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views
from core.security import ThrottledPasswordChangeView

admin.site.site_header = _("换届通 administration")
admin.site.site_title = _("换届通")
admin.site.index_title = _("Data and rules")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.switch_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        ThrottledPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("villages/", include("villages.urls")),
    path("stages/", include("stages.urls")),
    path("candidates/", include("candidates.urls")),
    # the election pages' addresses from before the elections app (301 to /elections/)
    path("candidates/", include("elections.urls_legacy")),
    path("elections/", include("elections.urls")),
    path("discipline/", include("discipline.urls")),
    path("supervision/", include("supervision.urls")),
    path("notifications/", include("notifications.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("admin/", admin.site.urls),
]
