"""Education events, materials distribution and the publicity log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import DetailView, ListView

from core.audit import history_entries
from core.concurrency import save_versioned
from core.exports import xlsx_response
from core.mixins import ScopedQuerysetMixin, SearchMixin
from core.uploads import serve_file
from villages.models import Village

from .. import access, services
from ..choices import Channel, EventKind, MaterialKind
from ..forms import AttachmentForm, EventForm, MaterialForm, PublicityForm
from ..models import (
    EducationEvent,
    EventAttachment,
    MaterialDistribution,
    PublicityEntry,
)
from .common import apply_errors


class FilteredListMixin(ScopedQuerysetMixin, SearchMixin):
    """A scoped, searchable list with ``?village=`` and ``?kind=`` filters and xlsx export."""

    kind_field = "kind"
    kind_choices = ()
    export_name = ""

    def filtered(self, queryset):
        params = self.request.GET
        village = params.get("village", "")
        if village == "township":
            queryset = queryset.filter(village__isnull=True)
        elif village.isdigit():
            queryset = queryset.filter(village_id=int(village))
        kind = params.get("kind", "")
        if kind in dict(self.kind_choices):
            queryset = queryset.filter(**{self.kind_field: kind})
        return self.apply_search(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["village_choices"] = Village.objects.visible_to(
            self.request.user
        ).order_by("township__code", "code")
        context["kind_choices"] = self.kind_choices
        context["can_add"] = access.can_add_records(self.request.user)
        return context

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "xlsx":
            return xlsx_response(
                self.export_name + ".xlsx",
                [
                    (
                        self.export_name,
                        self.export_headers(),
                        self.export_rows(self.object_list),
                    )
                ],
            )
        return super().render_to_response(context, **kwargs)


# --- education events -------------------------------------------------------------------


class EventListView(FilteredListMixin, ListView):
    model = EducationEvent
    template_name = "discipline/event_list.html"
    context_object_name = "events"
    search_fields = ("title", "location", "participants", "materials_used")
    kind_choices = EventKind.choices

    @property
    def export_name(self):
        return _("Education events")

    def get_queryset(self):
        queryset = (
            EducationEvent.objects.visible_to(self.request.user)
            .select_related("township")
            .prefetch_related(
                Prefetch("villages", queryset=Village.objects.order_by("code"))
            )
            .order_by("-held_on", "-pk")
        )
        village = self.request.GET.get("village", "")
        params_village = None
        if village.isdigit():
            params_village = int(village)
        queryset = self.apply_search(queryset)
        kind = self.request.GET.get("kind", "")
        if kind in EventKind.values:
            queryset = queryset.filter(kind=kind)
        if village == "township":
            queryset = queryset.filter(villages__isnull=True)
        elif params_village is not None:
            queryset = queryset.filter(villages__pk=params_village)
        return queryset

    def export_headers(self):
        return [
            _("Date"),
            _("Kind"),
            _("Title"),
            _("Villages"),
            _("Location"),
            _("Attendance"),
            _("Participants"),
            _("Materials used"),
        ]

    def export_rows(self, events):
        for e in events:
            yield (
                e.held_on,
                e.get_kind_display(),
                e.title,
                "、".join(v.name for v in e.villages.all()) or _("Township level"),
                e.location,
                e.attendance,
                e.participants,
                e.materials_used,
            )


class EventDetailView(ScopedQuerysetMixin, DetailView):
    model = EducationEvent
    template_name = "discipline/event_detail.html"
    context_object_name = "event"

    def get_base_queryset(self):
        return EducationEvent.objects.select_related(
            "township", "recorded_by"
        ).prefetch_related("villages", "attachments")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context["can_edit"] = _event_editable(self.request.user, event)
        context["attach_form"] = AttachmentForm()
        context["history"] = history_entries(event)
        return context


def _event_editable(user, event) -> bool:
    villages = list(event.villages.all())
    if villages:
        return all(access.can_edit_record(user, v) for v in villages)
    return access.can_edit_record(user, township_id=event.township_id)


def _require_event_editor(user, event) -> None:
    if not _event_editable(user, event):
        raise PermissionDenied


def event_form(request, pk=None):
    """Add or edit an education event."""
    instance = None
    if pk is not None:
        instance = get_object_or_404(
            EducationEvent.objects.visible_to(request.user), pk=pk
        )
        _require_event_editor(request.user, instance)
    elif not access.can_add_records(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "villages"}
        try:
            # Refused when someone saved the event after this form was loaded.
            event = save_versioned(
                form,
                lambda: services.event_save(
                    by=request.user,
                    data=data,
                    villages=form.cleaned_data["villages"],
                    instance=instance,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if event is not None:
                messages.success(
                    request,
                    _("Education event “%(title)s” saved.") % {"title": event.title},
                )
                return redirect(event)
    title = _("Edit education event") if instance else _("Add education event")
    return render(
        request,
        "discipline/form.html",
        {
            "form": form,
            "title": title,
            "section": _("Education events"),
            "section_url": reverse("discipline:event_list"),
            "cancel_url": instance.get_absolute_url()
            if instance
            else reverse("discipline:event_list"),
            "delete_url": reverse("discipline:event_delete", args=[instance.pk])
            if instance
            else "",
        },
    )


def event_delete(request, pk):
    event = get_object_or_404(EducationEvent.objects.visible_to(request.user), pk=pk)
    _require_event_editor(request.user, event)
    if request.method == "POST":
        services.event_delete(event=event, by=request.user)
        messages.success(request, _("Education event deleted."))
        return redirect("discipline:event_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": event, "cancel_url": event.get_absolute_url()},
    )


def event_attach(request, pk):
    """Upload photos or sign-in sheets of an event (POST from the event page)."""
    event = get_object_or_404(EducationEvent.objects.visible_to(request.user), pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_attach(
                event=event,
                by=request.user,
                files=form.cleaned_data["files"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(count)s file(s) added.") % {"count": len(saved)}
            )
    elif request.method == "POST":
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(event)


def event_file(request, pk):
    """Download an event file (scoped: 404 outside the user's scope)."""
    attachment = get_object_or_404(
        EventAttachment.objects.visible_to(request.user), pk=pk
    )
    return serve_file(attachment.file, download_name=attachment.original_name)


def event_file_delete(request, pk):
    attachment = get_object_or_404(
        EventAttachment.objects.visible_to(request.user).select_related("event"), pk=pk
    )
    event = attachment.event
    if request.method == "POST":
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("File deleted."))
        return redirect(event)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": attachment, "cancel_url": event.get_absolute_url()},
    )


# --- materials and publicity ------------------------------------------------------------


class VillageRecordListView(FilteredListMixin, ListView):
    template_name = "discipline/record_list.html"
    context_object_name = "records"
    columns: tuple = ()

    def get_queryset(self):
        queryset = (
            self.model.objects.visible_to(self.request.user)
            .select_related("village", "township")
            .order_by(*self.model._meta.ordering)
        )
        return self.filtered(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": self.title(),
                "add_url": reverse(self.add_url),
                "edit_url_name": self.edit_url,
                "kind_field": self.kind_field,
            }
        )
        return context

    def export_rows(self, records):
        for record in records:
            yield self.row(record)


class MaterialListView(VillageRecordListView):
    model = MaterialDistribution
    kind_choices = MaterialKind.choices
    search_fields = ("recipients", "notes", "village__name")
    add_url = "discipline:material_add"
    edit_url = "discipline:material_edit"

    def title(self):
        return _("Materials distribution")

    @property
    def export_name(self):
        return _("Materials distribution")

    def export_headers(self):
        return [
            _("Date"),
            _("Village"),
            _("Kind"),
            _("Quantity"),
            _("Handed to"),
            _("Notes"),
        ]

    def row(self, r):
        return (
            r.distributed_on,
            r.village.name if r.village else _("Township level"),
            r.get_kind_display(),
            r.quantity,
            r.recipients,
            r.notes,
        )


class PublicityListView(VillageRecordListView):
    model = PublicityEntry
    kind_field = "channel"
    kind_choices = Channel.choices
    search_fields = ("note", "village__name")
    add_url = "discipline:publicity_add"
    edit_url = "discipline:publicity_edit"

    def title(self):
        return _("Publicity log")

    @property
    def export_name(self):
        return _("Publicity log")

    def export_headers(self):
        return [
            _("Date"),
            _("Village"),
            _("Channel"),
            pgettext("publicity", "Count"),
            _("Note"),
        ]

    def row(self, r):
        return (
            r.happened_on,
            r.village.name if r.village else _("Township level"),
            r.get_channel_display(),
            r.count,
            r.note,
        )


RECORDS = {
    "material": (
        MaterialDistribution,
        MaterialForm,
        services.material_save,
        "discipline:material_list",
    ),
    "publicity": (
        PublicityEntry,
        PublicityForm,
        services.publicity_save,
        "discipline:publicity_list",
    ),
}


def _record_titles(kind):
    if kind == "material":
        return _("Materials distribution"), _("Add materials"), _("Edit materials")
    return _("Publicity log"), _("Add publicity entry"), _("Edit publicity entry")


def record_form(request, kind, pk=None):
    """Add or edit a materials or publicity row."""
    model, form_class, save, list_url = RECORDS[kind]
    section, add_title, edit_title = _record_titles(kind)
    instance = None
    readonly = False
    if pk is not None:
        instance = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
        if not access.can_edit_record(
            request.user, instance.village, instance.township_id
        ):
            # Readers in scope see the entry; only editors may change it.
            if request.method == "POST":
                raise PermissionDenied
            readonly = True
    elif not access.can_add_records(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("village", "").isdigit():
        initial["village"] = int(request.GET["village"])
    form = form_class(
        request.POST or None, instance=instance, user=request.user, initial=initial
    )
    if readonly:
        for field in form.fields.values():
            field.disabled = True
        form.fields["village"].queryset = Village.objects.visible_to(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_versioned(
                form,
                lambda: (
                    save(by=request.user, data=form.cleaned_data, instance=instance)
                    or True
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect(list_url)
    context = {
        "form": form,
        "title": edit_title if instance else add_title,
        "section": section,
        "section_url": reverse(list_url),
        "cancel_url": reverse(list_url),
        "readonly": readonly,
    }
    if instance is not None:
        context["history"] = history_entries(instance)
        if not readonly:
            context["delete_url"] = reverse(
                f"discipline:{kind}_delete", args=[instance.pk]
            )
    return render(request, "discipline/form.html", context)


def record_delete(request, kind, pk):
    model, _form, _save, list_url = RECORDS[kind]
    record = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    if not access.can_edit_record(request.user, record.village, record.township_id):
        raise PermissionDenied
    if request.method == "POST":
        services.village_record_delete(record=record, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect(list_url)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": record, "cancel_url": reverse(list_url)},
    )
