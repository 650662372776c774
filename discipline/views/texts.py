"""Reference texts (十个严禁, 九个不准): read, edit, print as a board or cards."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.admin_scoping import can_edit_county_settings
from core.audit import history_entries
from villages.models import Village

from .. import services
from ..choices import PrintLayout
from ..forms import ReferenceItemForm
from ..models import ReferenceItem, ReferenceText
from .common import apply_errors


def _can_edit(user) -> bool:
    # The reference texts are county-wide settings (core.admin_scoping).
    return can_edit_county_settings(user)


def text_list(request):
    """List the reference texts with their items."""
    texts = ReferenceText.objects.visible_to(request.user).prefetch_related("items")
    return render(
        request,
        "discipline/text_list.html",
        {
            "texts": texts,
            "villages": Village.objects.visible_to(request.user).order_by(
                "township__code", "code"
            ),
            "layouts": PrintLayout.choices,
        },
    )


def text_detail(request, pk):
    text = get_object_or_404(
        ReferenceText.objects.visible_to(request.user).prefetch_related("items"), pk=pk
    )
    return render(
        request,
        "discipline/text_detail.html",
        {
            "text": text,
            "can_edit": _can_edit(request.user),
            "villages": Village.objects.visible_to(request.user).order_by(
                "township__code", "code"
            ),
            "layouts": PrintLayout.choices,
            "history": history_entries(text),
        },
    )


def text_print(request, pk):
    """Print a text as an A4 display board or as reminder cards, with a village's hotline."""
    text = get_object_or_404(
        ReferenceText.objects.visible_to(request.user).prefetch_related("items"), pk=pk
    )
    village = None
    village_id = request.GET.get("village", "")
    if village_id.isdigit():
        village = get_object_or_404(
            Village.objects.visible_to(request.user).select_related("township"),
            pk=int(village_id),
        )
    layout = request.GET.get("layout", PrintLayout.BOARD)
    if layout not in PrintLayout.values:
        layout = PrintLayout.BOARD
    township = village.township if village else request.user.township
    return render(
        request,
        "discipline/text_print.html",
        {
            "text": text,
            "village": village,
            "township": township,
            "layout": layout,
            "copies": range(2 if layout == PrintLayout.CARD else 1),
        },
    )


def item_form(request, text_pk, pk=None):
    """Edit or add an item of a reference text (the county administrator)."""
    text = get_object_or_404(ReferenceText.objects.visible_to(request.user), pk=text_pk)
    if not _can_edit(request.user):
        raise PermissionDenied
    if pk is None:
        next_number = (
            text.items.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        item = ReferenceItem(text=text, number=next_number)
    else:
        item = get_object_or_404(
            ReferenceItem.objects.visible_to(request.user), pk=pk, text=text
        )
    form = ReferenceItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_item_save(
                by=request.user, item=item, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                pgettext("reference text", "Item %(number)s saved.")
                % {"number": item.number},
            )
            return redirect(text)
    return render(
        request,
        "discipline/form.html",
        {
            "form": form,
            "title": f"{text.title} · "
            + (
                pgettext("reference text", "Add item") if pk is None else _("Edit item")
            ),
            "section": _("Reference texts"),
            "section_url": reverse("discipline:text_list"),
            "cancel_url": text.get_absolute_url(),
            "history": history_entries(item) if pk is not None else None,
        },
    )
