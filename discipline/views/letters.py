"""Commitment letters: the register, who has not signed, and printable letters."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.audit import history_entries
from core.concurrency import save_versioned
from core.mixins import ScopedQuerysetMixin
from core.text import mask_id_number
from core.uploads import serve_file
from villages.models import Person, Village

from .. import access, selectors, services
from ..choices import LetterKind
from ..forms import LetterForm
from ..models import CommitmentLetter, LetterTemplate
from .common import apply_errors
from .records import FilteredListMixin


class LetterListView(FilteredListMixin, ListView):
    model = CommitmentLetter
    template_name = "discipline/letter_list.html"
    context_object_name = "letters"
    search_fields = (
        "signer_name",
        "signer_unit",
        "person__name_pinyin",
        "person__name_initials",
    )
    kind_choices = LetterKind.choices

    @property
    def export_name(self):
        return _("Commitment letters")

    def get_queryset(self):
        queryset = (
            CommitmentLetter.objects.visible_to(self.request.user)
            .select_related("village", "person", "township")
            .order_by("-signed_on", "-pk")
        )
        return self.filtered(queryset)

    def export_headers(self):
        return [
            _("Signed on"),
            _("Village"),
            _("Signed by"),
            _("Post or unit"),
            _("Letter"),
            _("Scan"),
        ]

    def export_rows(self, letters):
        for letter in letters:
            yield (
                letter.signed_on,
                letter.village.name if letter.village else _("Township level"),
                letter.signer_name,
                letter.signer_unit,
                letter.get_kind_display(),
                _("yes") if letter.scan else _("no"),
            )


class LetterDetailView(ScopedQuerysetMixin, DetailView):
    model = CommitmentLetter
    template_name = "discipline/letter_detail.html"
    context_object_name = "letter"

    def get_base_queryset(self):
        return CommitmentLetter.objects.select_related(
            "village", "person", "township", "recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.object
        context["can_edit"] = access.can_edit_record(
            self.request.user, letter.village, letter.township_id
        )
        context["history"] = history_entries(letter)
        return context


def _village_param(request, instance=None):
    value = request.POST.get("village") or request.GET.get("village", "")
    if str(value).isdigit():
        return Village.objects.visible_to(request.user).filter(pk=int(value)).first()
    if instance is not None:
        return instance.village
    return None


def letter_form(request, pk=None):
    """Record a signed letter (or correct one). ``?person=&kind=`` prefill from the unsigned list."""
    instance = None
    if pk is not None:
        instance = get_object_or_404(
            CommitmentLetter.objects.visible_to(request.user), pk=pk
        )
        if not access.can_edit_record(
            request.user, instance.village, instance.township_id
        ):
            raise PermissionDenied
    elif not access.can_add_records(request.user):
        raise PermissionDenied
    initial = {}
    person_param = request.GET.get("person", "")
    if person_param.isdigit():
        person = get_object_or_404(
            Person.objects.visible_to(request.user), pk=int(person_param)
        )
        initial.update({"person": person.pk, "village": person.village_id})
    if request.GET.get("kind") in LetterKind.values:
        initial["kind"] = request.GET["kind"]
    village = _village_param(request, instance)
    if village is None and "village" in initial:
        village = (
            Village.objects.visible_to(request.user)
            .filter(pk=initial["village"])
            .first()
        )
    if village is not None:
        initial.setdefault("village", village.pk)
    form = LetterForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        user=request.user,
        village=village,
        initial=initial,
    )
    if request.method == "POST" and "load" not in request.POST and form.is_valid():
        data = form.cleaned_data
        letter = None
        try:
            # Refused when someone saved the letter after this form was loaded.
            letter = save_versioned(
                form,
                lambda: services.letter_save(
                    by=request.user,
                    kind=data["kind"],
                    signed_on=data["signed_on"],
                    person=data.get("person"),
                    village=data.get("village"),
                    signer_name=data.get("signer_name", ""),
                    signer_unit=data.get("signer_unit", ""),
                    notes=data.get("notes", ""),
                    scan=data.get("scan"),
                    instance=instance,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        if letter is not None:
            messages.success(
                request,
                _("%(kind)s of %(name)s recorded.")
                % {"kind": letter.get_kind_display(), "name": letter.signer_name},
            )
            if request.POST.get("next") == "unsigned" and letter.village_id:
                return redirect(
                    reverse("discipline:letter_unsigned")
                    + f"?village={letter.village_id}"
                )
            return redirect(letter)
    elif request.method == "POST" and "load" in request.POST:
        form.errors.clear()
    return render(
        request,
        "discipline/letter_form.html",
        {
            "form": form,
            "title": _("Edit commitment letter")
            if instance
            else _("Record a signed commitment letter"),
            "instance": instance,
            "next": request.GET.get("next", ""),
        },
    )


def letter_delete(request, pk):
    letter = get_object_or_404(CommitmentLetter.objects.visible_to(request.user), pk=pk)
    if not access.can_edit_record(request.user, letter.village, letter.township_id):
        raise PermissionDenied
    if request.method == "POST":
        services.letter_delete(letter=letter, by=request.user)
        messages.success(request, _("Commitment letter deleted."))
        return redirect("discipline:letter_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": letter, "cancel_url": letter.get_absolute_url()},
    )


def letter_scan(request, pk):
    letter = get_object_or_404(CommitmentLetter.objects.visible_to(request.user), pk=pk)
    return serve_file(letter.scan, download_name=letter.scan_name or None)


def letter_unsigned(request):
    """Per village: the roster people and nominees who still have to sign letters."""
    villages = (
        Village.objects.visible_to(request.user)
        .select_related("township")
        .order_by("township__code", "code")
    )
    village = None
    value = request.GET.get("village", "")
    if value.isdigit():
        village = get_object_or_404(villages, pk=int(value))
    elif villages[:2].count() == 1:
        village = villages.first()
    status = selectors.commitment_status(village) if village is not None else None
    return render(
        request,
        "discipline/letter_unsigned.html",
        {
            "villages": villages,
            "village": village,
            "status": status,
            "can_edit": village is not None
            and access.can_edit_record(request.user, village),
            "requirements": selectors.requirement_labels(),
        },
    )


def letter_print(request):
    """Print a commitment letter for a roster person (``?person=&kind=``) or a blank one."""
    kind = request.GET.get("kind", "")
    if kind not in LetterKind.values:
        kind = LetterKind.DISCIPLINE
    template = LetterTemplate.objects.visible_to(request.user).filter(kind=kind).first()
    person = None
    village = None
    value = request.GET.get("person", "")
    if value.isdigit():
        person = get_object_or_404(
            Person.objects.visible_to(request.user).select_related("village__township"),
            pk=int(value),
        )
        village = person.village
    elif request.GET.get("village", "").isdigit():
        village = get_object_or_404(
            Village.objects.visible_to(request.user).select_related("township"),
            pk=int(request.GET["village"]),
        )
    township = village.township if village else request.user.township
    blank = "＿＿＿＿＿＿"
    values = {
        "name": person.name if person else blank,
        "village": village.name if village else blank,
        "township": township.name if township else blank,
        "hotline": (village.report_hotline if village else "") or blank,
    }
    body = ""
    if template is not None:
        try:
            body = template.body.format(**values)
        except (KeyError, IndexError, ValueError):
            body = template.body
    return render(
        request,
        "discipline/letter_print.html",
        {
            "template": template,
            "kind_label": LetterKind(kind).label,
            "body": body,
            "person": person,
            "masked_id": mask_id_number(person.id_number) if person else "",
            "village": village,
            "township": township,
            "today": timezone.localdate(),
        },
    )
