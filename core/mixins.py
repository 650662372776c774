"""View mixins: role checks, scoped querysets, search and history.

Scoping is decided by ``Model.objects.visible_to(user)``; a row outside the
user's scope is simply absent, so a guessed URL answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .audit import history_entries
from .scope import get_scope


class ScopeMixin:
    """Give a view ``self.scope`` and a role gate (``required_roles``)."""

    required_roles: tuple[str, ...] = ()

    @property
    def scope(self):
        return get_scope(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if (
            self.required_roles
            and request.user.is_authenticated
            and not get_scope(request.user).has(*self.required_roles)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin(ScopeMixin):
    """Limit a generic view's queryset to the user's scope."""

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.get_base_queryset().visible_to(self.request.user)


class SearchMixin:
    """Filter a list by ``?q=`` over ``search_fields`` and paginate it."""

    search_fields: tuple[str, ...] = ()
    paginate_by = 25

    def search_query(self) -> str:
        return (self.request.GET.get("q") or "").strip()

    def apply_search(self, queryset):
        term = self.search_query()
        if not term or not self.search_fields:
            return queryset
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": term})
        return queryset.filter(condition)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.search_query()
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        return context


class HistoryMixin:
    """Add the object's change history to a detail page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object)
        return context
