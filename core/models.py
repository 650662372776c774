"""Users of 换届通 and the audit trail of personal-data access."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: township staff, a department reviewer or a county official.

    Roles are Django groups named by role code (see ``core.roles.Role``); the
    township (or, for county officials, the county) bounds everything they see.
    """

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    township = models.ForeignKey(
        "villages.Township",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    county = models.ForeignKey(
        "villages.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Only for county officials: the county whose townships they read."),
    )
    title = models.CharField(_("position"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        """Return the name shown in the interface."""
        return self.full_name or self.get_full_name() or self.username

    def get_short_name(self) -> str:
        """Return the person's name (the admin greets 欢迎，何建国, not the login)."""
        return self.display_name


class AccessLog(models.Model):
    """A record that someone exported or viewed personal or confidential data, and why."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        VIEW = "view", _("view")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="access_logs",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=200)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.what}"
