"""Views of the villages app: village list, village file (一村一档), working groups."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.audit import history_entries
from core.concurrency import save_versioned
from core.exports import xlsx_response
from core.mixins import HistoryMixin, ScopedQuerysetMixin, SearchMixin
from core.roles import Role
from core.scope import get_scope

from .. import selectors, services
from ..choices import GroupKind, Rating, VillageKind
from ..forms import PlanItemForm, VillageFileForm, VillageForm
from ..models import PlanItem, Township, Village, VillageFile, WorkingGroup

TOWNSHIP_READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
)


class VillageListView(ScopedQuerysetMixin, SearchMixin, ListView):
    model = Village
    template_name = "villages/village_list.html"
    context_object_name = "villages"
    search_fields = ("name", "name_pinyin", "name_initials", "code")

    def get_queryset(self):
        params = self.request.GET
        queryset = selectors.village_list(
            user=self.request.user,
            rating=params.get("rating", ""),
            group_id=params.get("group", ""),
            kind=params.get("kind", ""),
        )
        return self.apply_search(queryset).distinct()

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "xlsx":
            rows = (
                (
                    v.code,
                    v.name,
                    v.get_kind_display(),
                    v.population,
                    v.households,
                    v.party_member_count,
                    v.file.get_rating_display() if hasattr(v, "file") else "",
                    "、".join(g.name for g in v.guidance_groups.all()),
                    v.report_hotline,
                )
                for v in self.object_list
            )
            headers = [
                _("Code"),
                _("Name"),
                _("Kind"),
                _("Population"),
                _("Households"),
                _("Party members"),
                _("Rating"),
                _("Guidance group"),
                _("Report hotline"),
            ]
            return xlsx_response(
                _("villages") + ".xlsx", [(_("Villages"), headers, rows)]
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ratings"] = Rating.choices
        context["kinds"] = VillageKind.choices
        context["groups"] = (
            WorkingGroup.objects.visible_to(self.request.user)
            .filter(kind=GroupKind.GUIDANCE)
            .order_by("name")
        )
        context["search_placeholder"] = _("Name, pinyin or initials")
        return context


class VillageDetailView(ScopedQuerysetMixin, DetailView):
    model = Village
    template_name = "villages/village_detail.html"
    context_object_name = "village"

    def get_base_queryset(self):
        return Village.objects.select_related("township", "file")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        village = self.object
        village_file = getattr(village, "file", None)
        context["file"] = village_file
        context["plan_items"] = village.plan_items.select_related("owner").order_by(
            "kind", "target_date", "pk"
        )
        context["groups"] = village.guidance_groups.prefetch_related(
            "memberships__user"
        ).order_by("name")
        context["openable_group_ids"] = set(
            selectors.working_groups(user=self.request.user)
            .filter(villages=village)
            .values_list("pk", flat=True)
        )
        context["can_edit"] = self.scope.can_edit_village(village)
        context["can_manage"] = self.scope.can_manage and self.scope.sees_township(
            village.township_id
        )
        history = history_entries(village)
        if village_file is not None:
            history += history_entries(village_file)
        history.sort(key=lambda entry: entry.when, reverse=True)
        context["history"] = history[:40]
        return context


def _editable_village(request, pk) -> Village:
    """Return a village the user may see (404 otherwise) and may edit (403 otherwise)."""
    village = get_object_or_404(Village.objects.visible_to(request.user), pk=pk)
    if not get_scope(request.user).can_edit_village(village):
        raise PermissionDenied
    return village


def village_edit(request, pk):
    """Edit a village's basic data and report hotline (organisation office)."""
    village = get_object_or_404(Village.objects.visible_to(request.user), pk=pk)
    if not get_scope(request.user).can_manage:
        raise PermissionDenied
    form = VillageForm(request.POST or None, instance=village)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(form, form.save) is not None
    ):
        messages.success(
            request, _("Village “%(name)s” saved.") % {"name": village.name}
        )
        return redirect(village)
    return render(
        request,
        "villages/form.html",
        {"form": form, "village": village, "title": _("Edit village data")},
    )


def village_file_edit(request, pk):
    """Edit the village file: situation assessment, rating and plan."""
    village = _editable_village(request, pk)
    instance = VillageFile.objects.filter(village=village).first()
    form = VillageFileForm(request.POST or None, instance=instance)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(
            form,
            lambda: services.village_file_save(
                village=village, form=form, user=request.user
            ),
            # Lock the village: its file may not exist yet (the first save).
            lock=Village.objects.filter(pk=village.pk),
            current=lambda: VillageFile.objects.filter(village=village).first(),
        )
        is not None
    ):
        messages.success(
            request, _("Village file of %(name)s saved.") % {"name": village.name}
        )
        return redirect(village)
    return render(
        request,
        "villages/form.html",
        {"form": form, "village": village, "title": _("Edit village file")},
    )


def planitem_create(request, pk):
    """Add a “三个一” plan item to a village."""
    village = _editable_village(request, pk)
    form = PlanItemForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        services.plan_item_save(village=village, form=form)
        messages.success(request, _("Plan item added."))
        return redirect(village)
    return render(
        request,
        "villages/form.html",
        {"form": form, "village": village, "title": _("Add “three ones” plan item")},
    )


def _editable_item(request, pk) -> PlanItem:
    item = get_object_or_404(
        PlanItem.objects.visible_to(request.user).select_related("village"), pk=pk
    )
    _editable_village(request, item.village_id)
    return item


def planitem_edit(request, pk):
    """Edit a plan item."""
    item = _editable_item(request, pk)
    form = PlanItemForm(request.POST or None, instance=item, village=item.village)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_versioned(
            form, lambda: services.plan_item_save(village=item.village, form=form)
        )
        is not None
    ):
        messages.success(request, _("Plan item saved."))
        return redirect(item.village)
    return render(
        request,
        "villages/form.html",
        {
            "form": form,
            "village": item.village,
            "title": _("Edit “three ones” plan item"),
            "history": history_entries(item),
            "delete_url": reverse("villages:planitem_delete", args=[item.pk]),
        },
    )


def planitem_delete(request, pk):
    """Delete a plan item after confirmation."""
    item = _editable_item(request, pk)
    if request.method == "POST":
        village = item.village
        services.plan_item_delete(item=item)
        messages.success(request, _("Plan item deleted."))
        return redirect(village)
    return render(
        request,
        "includes/confirm_delete.html",
        {
            "object": item,
            "cancel_url": reverse("villages:planitem_edit", args=[item.pk]),
        },
    )


class GroupListView(ScopedQuerysetMixin, ListView):
    model = WorkingGroup
    required_roles = (*TOWNSHIP_READERS, Role.GUIDE)
    template_name = "villages/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    def get_queryset(self):
        return selectors.working_groups(user=self.request.user)


class GroupDetailView(ScopedQuerysetMixin, HistoryMixin, DetailView):
    """A working group's members and villages; a guide opens only their own group."""

    model = WorkingGroup
    required_roles = (*TOWNSHIP_READERS, Role.GUIDE)
    template_name = "villages/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return selectors.working_groups(user=self.request.user)


class TownshipDetailView(ScopedQuerysetMixin, HistoryMixin, DetailView):
    model = Township
    required_roles = TOWNSHIP_READERS
    template_name = "villages/township_detail.html"
    context_object_name = "township"

    def get_base_queryset(self):
        return Township.objects.select_related("county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["villages"] = self.object.villages.select_related("file").order_by(
            "code"
        )
        context["groups"] = self.object.working_groups.order_by("kind", "name")
        return context
