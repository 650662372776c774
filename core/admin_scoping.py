"""What an admin form may offer and who may change county-wide settings.

Three rules, applied once in :class:`core.admin.ScopedAdmin` (and the classes here)
so that no app's admin can forget them:

* **Choices are scoped.** Every foreign-key, one-to-one and many-to-many form field
  of a scoped admin and of its inlines offers only the rows the user may see
  (``Model.objects.visible_to(user)``; users of the user's township). A crafted POST
  naming another township's row fails the field's validation ("select a valid
  choice") and nothing is written; raw-id and autocomplete widgets validate
  through the same queryset. A saved row that falls outside the user's scope
  anyway is refused and rolled back (:meth:`ScopedChoicesMixin.check_saved_in_scope`).
* **County-wide settings** (十不选 criteria, departments, rule sets, stages, task
  templates, calendar overrides, discipline texts) have no township: a township's
  office reads them; only the county administrator (group ``county_admin``) or a
  superuser changes them (:class:`CountySettingsMixin`).
* **The Celery beat schedule** is changed by superusers only
  (:class:`SuperuserOnlyMixin`).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .roles import COUNTY_ADMIN
from .scope import get_scope


def can_edit_county_settings(user) -> bool:
    """Return whether a user changes the county-wide settings rows."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or COUNTY_ADMIN in get_scope(user).roles


def choice_queryset(model, user):
    """Return the rows of ``model`` a user may pick in an admin form (None: any)."""
    if user.is_superuser:
        return None
    scope = get_scope(user)
    manager = model._default_manager
    if model is get_user_model():
        if scope.township_ids is None:
            return None
        return manager.filter(township_id__in=scope.township_ids)
    if model._meta.label == "villages.County":
        Township = apps.get_model("villages", "Township")
        return manager.filter(
            Q(townships__in=Township.objects.visible_to(user)) | Q(pk=user.county_id)
        ).distinct()
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return None


class ScopedChoicesMixin:
    """Limit every relation field of an admin form or inline to the user's scope."""

    def _scoped_kwargs(self, db_field, request, kwargs):
        allowed = choice_queryset(db_field.remote_field.model, request.user)
        if allowed is None:
            return kwargs
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(
                kwargs.get("using")
            ).all()
        kwargs["queryset"] = queryset.filter(pk__in=allowed.values("pk"))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped_kwargs(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped_kwargs(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def check_saved_in_scope(request, obj) -> None:
        """Refuse (and so roll back) a save that put a row outside the user's scope."""
        if request.user.is_superuser:
            return
        manager = type(obj)._default_manager
        if not hasattr(manager, "visible_to"):
            return
        if not manager.visible_to(request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied


class ScopedTabularInline(ScopedChoicesMixin, admin.TabularInline):
    """A tabular inline whose relation fields offer only rows in the user's scope."""


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    """A stacked inline whose relation fields offer only rows in the user's scope."""


_SCOPED_INLINE_CLASSES: dict[type, type] = {}


def scoped_inline_class(inline_class: type) -> type:
    """Return ``inline_class`` with scoped relation choices (a cached subclass)."""
    if issubclass(inline_class, ScopedChoicesMixin):
        return inline_class
    scoped = _SCOPED_INLINE_CLASSES.get(inline_class)
    if scoped is None:
        scoped = type(
            inline_class.__name__,
            (ScopedChoicesMixin, inline_class),
            {"__module__": inline_class.__module__},
        )
        _SCOPED_INLINE_CLASSES[inline_class] = scoped
    return scoped


class CountySettingsMixin:
    """County-wide settings rows: offices read them; the county administrator edits.

    The rows have no township, so there is no township copy to hand to an
    office; a superuser or a member of the ``county_admin`` group changes them.
    """

    def has_add_permission(self, request, *args):
        return can_edit_county_settings(request.user) and super().has_add_permission(
            request, *args
        )

    def has_change_permission(self, request, obj=None):
        return can_edit_county_settings(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return can_edit_county_settings(request.user) and super().has_delete_permission(
            request, obj
        )


class SuperuserOnlyMixin:
    """Rows only a superuser sees or changes (the Celery beat schedule)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


def restrict_beat_admin(site=None) -> None:
    """Re-register django-celery-beat's admin classes for superusers only."""
    from django_celery_beat import admin as beat_admin
    from django_celery_beat import models as beat_models

    site = site or admin.site
    pairs = [
        (beat_models.PeriodicTask, beat_admin.PeriodicTaskAdmin),
        (beat_models.IntervalSchedule, beat_admin.IntervalScheduleAdmin),
        (beat_models.CrontabSchedule, beat_admin.CrontabScheduleAdmin),
        (beat_models.SolarSchedule, beat_admin.SolarScheduleAdmin),
        (beat_models.ClockedSchedule, beat_admin.ClockedScheduleAdmin),
    ]
    for model, admin_class in pairs:
        if site.is_registered(model):
            site.unregister(model)
        site.register(
            model,
            type(
                f"Superuser{admin_class.__name__}",
                (SuperuserOnlyMixin, admin_class),
                {"__module__": __name__},
            ),
        )
