"""Views of the cadre roster: the roster list, a person, the ledgers (明白账) and exports.

ID and phone numbers are masked for every role except those in
``settings.PERSONAL_DATA_FULL_ROLES``; every export asks for a reason and is
recorded in the access log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.audit import history_entries
from core.exports import xlsx_response
from core.mixins import ScopeMixin
from core.models import AccessLog
from core.roles import Role
from core.scope import get_scope
from core.services import access_log_record
from core.text import mask_id_number, mask_phone

from .. import selectors
from ..choices import (
    AgeBand,
    Category,
    Education,
    Gender,
    PoliticalStatus,
    Post,
)
from ..forms import EXPORT_REASONS, ExportReasonForm
from ..models import Person, Village
from ..resources import PersonResource, membership_label

ROSTER_ROLES = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
    Role.GUIDE,
)
FILTERS = (
    "q",
    "village",
    "category",
    "post",
    "education",
    "age",
    "gender",
    "political_status",
)


def _require_roster_role(user) -> None:
    if not get_scope(user).has(*ROSTER_ROLES):
        raise PermissionDenied


def _filtered_people(request):
    params = request.GET
    return selectors.roster_people(
        user=request.user,
        q=params.get("q", ""),
        village_id=params.get("village", ""),
        category=params.get("category", ""),
        post=params.get("post", ""),
        education=params.get("education", ""),
        age_band=params.get("age", ""),
        gender=params.get("gender", ""),
        political_status=params.get("political_status", ""),
    )


class RosterListView(ScopeMixin, ListView):
    """The roster (台账) of the villages a user may see, with filters and search."""

    required_roles = ROSTER_ROLES
    template_name = "villages/roster/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return _filtered_people(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            {
                "querystring": params.urlencode(),
                "q": self.request.GET.get("q", ""),
                "filters": {name: self.request.GET.get(name, "") for name in FILTERS},
                "has_filters": any(self.request.GET.get(name) for name in FILTERS),
                "village_choices": Village.objects.visible_to(self.request.user)
                .order_by("township__code", "code")
                .only("pk", "name"),
                "category_choices": Category.choices,
                "post_choices": Post.choices,
                "education_choices": Education.choices,
                "age_choices": AgeBand.choices,
                "gender_choices": Gender.choices,
                "political_choices": PoliticalStatus.choices,
                "full_personal_data": selectors.shows_personal_data(self.request.user),
                "today": timezone.localdate(),
                "can_import": self.scope.can_manage,
            }
        )
        for person in context["people"]:
            person.role_labels = [
                membership_label(m) for m in person.current_memberships
            ]
        return context


def _export(
    request, *, what: str, filename: str, sheets_builder, count: int, cancel_url: str
):
    """Ask for the reason, log the export, then send the workbook."""
    form = ExportReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access_log_record(
            user=request.user,
            action=AccessLog.Action.EXPORT,
            what=what,
            reason=form.cleaned_data["reason"],
            path=request.get_full_path(),
            rows=count,
        )
        return xlsx_response(filename, sheets_builder())
    return render(
        request,
        "villages/roster/export_reason.html",
        {
            "form": form,
            "what": what,
            "count": count,
            "cancel_url": cancel_url,
            "reasons": EXPORT_REASONS,
            "masked": not selectors.shows_personal_data(request.user),
        },
    )


def roster_export(request):
    """Export the filtered roster to .xlsx after asking for the reason."""
    _require_roster_role(request.user)
    people = _filtered_people(request)
    count = people.count()
    full = selectors.shows_personal_data(request.user)
    query = request.GET.urlencode()

    def sheets():
        dataset = PersonResource(full_personal_data=full).export(queryset=people)
        return [(_("Cadre roster"), dataset.headers, dataset)]

    return _export(
        request,
        what=_("Cadre roster (%(count)d people)") % {"count": count},
        filename=_("cadre roster") + f"-{timezone.localdate():%Y%m%d}.xlsx",
        sheets_builder=sheets,
        count=count,
        cancel_url=reverse("villages:roster") + (f"?{query}" if query else ""),
    )


class PersonDetailView(ScopeMixin, DetailView):
    """A person on the roster: data, memberships, relatives, panels of other apps, history."""

    template_name = "villages/roster/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.person_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        today = timezone.localdate()
        memberships = list(person.memberships.all())
        for membership in memberships:
            membership.label = membership_label(membership)
            membership.current = membership.is_current(today)
        full = selectors.shows_personal_data(self.request.user)
        context.update(
            {
                "memberships": memberships,
                "relations": list(person.relations.all()),
                "age": person.age_on(today),
                "full_personal_data": full,
                "history": masked_history(history_entries(person), full=full),
            }
        )
        return context


def masked_history(entries, *, full: bool):
    """Mask ID and phone numbers in a person's change history for roles that see them masked."""
    if full:
        return entries
    maskers = {
        str(Person._meta.get_field("id_number").verbose_name): mask_id_number,
        str(Person._meta.get_field("phone").verbose_name): mask_phone,
    }
    for entry in entries:
        for change in entry.changes:
            mask = maskers.get(change.field)
            if mask is not None:
                change.old = mask(change.old) if change.old != "—" else change.old
                change.new = mask(change.new) if change.new != "—" else change.new
    return entries


def _ledger_headers():
    return [
        _("Committee"),
        _("Post"),
        _("Full name"),
        _("Gender"),
        _("Age"),
        _("Education"),
        _("Political status"),
        _("Term from"),
        _("Term to"),
        _("Notes"),
    ]


def _ledger_rows(ledger):
    for _category, label, members, _stats in ledger.committee_rows:
        for member in members:
            notes = []
            if member.one_shoulder:
                notes.append("一肩挑")
            if member.cross:
                notes.append("交叉任职")
            yield (
                label,
                member.membership.get_post_display(),
                member.person.name,
                member.person.get_gender_display(),
                member.age,
                member.person.get_education_display(),
                member.person.get_political_status_display(),
                member.membership.start_date,
                member.membership.end_date,
                "、".join(notes),
            )
    for member in ledger.reserves:
        yield (
            _("reserve cadre"),
            "",
            member.person.name,
            member.person.get_gender_display(),
            member.age,
            member.person.get_education_display(),
            member.person.get_political_status_display(),
            member.membership.start_date,
            member.membership.end_date,
            "",
        )
    for kind, members in ledger.talent_rows:
        for member in members:
            yield (
                _("talent"),
                kind,
                member.person.name,
                member.person.get_gender_display(),
                member.age,
                member.person.get_education_display(),
                member.person.get_political_status_display(),
                member.membership.start_date,
                member.membership.end_date,
                "",
            )


def village_ledger(request, pk):
    """The 明白账 of a village: committees, reserve cadres, talents, Party members."""
    village = get_object_or_404(
        Village.objects.visible_to(request.user).select_related("township"), pk=pk
    )
    _require_roster_role(request.user)
    ledger = selectors.village_ledger(village=village)
    return render(
        request,
        "villages/roster/village_ledger.html",
        {"village": village, "ledger": ledger},
    )


def village_ledger_export(request, pk):
    """Export a village's 明白账 to .xlsx after asking for the reason."""
    village = get_object_or_404(Village.objects.visible_to(request.user), pk=pk)
    _require_roster_role(request.user)
    ledger = selectors.village_ledger(village=village)
    rows = list(_ledger_rows(ledger))
    party = ledger.party
    counts = [
        (_("Party members"), party.total),
        (_("Full members"), party.full),
        (_("Probationary members"), party.probationary),
        (_("Under probation (留党察看)"), party.probation),
        (_("Detained or arrested"), party.detained),
        (_("Not counted in 应到会 (approved)"), party.excluded),
        (_("应到会"), party.entitled),
        (_("With the right to vote"), party.voting),
    ]
    return _export(
        request,
        what=_("Ledger of %(village)s") % {"village": village.name},
        filename=f"{village.name}"
        + _("ledger")
        + f"-{timezone.localdate():%Y%m%d}.xlsx",
        sheets_builder=lambda: [
            (_("Ledger"), _ledger_headers(), rows),
            (_("Party members"), [_("Item"), _("Count")], counts),
        ],
        count=len(rows),
        cancel_url=reverse("villages:village_ledger", args=[village.pk]),
    )


def township_ledger(request):
    """The township's ledger: one line per village, each linking to its 明白账."""
    _require_roster_role(request.user)
    ledgers = selectors.township_ledgers(user=request.user)
    return render(
        request,
        "villages/roster/township_ledger.html",
        {"ledgers": ledgers, "today": timezone.localdate()},
    )


def township_ledger_export(request):
    """Export the township's ledger summary (no personal data beyond names) with a reason."""
    _require_roster_role(request.user)
    ledgers = selectors.township_ledgers(user=request.user)
    headers = [
        _("Village"),
        _("Party committee"),
        _("Secretary"),
        _("One person both posts (一肩挑)"),
        _("Villagers' committee"),
        _("Women on the VC"),
        _("Cross-serving (交叉任职)"),
        _("Supervision committee"),
        _("Party members"),
        _("应到会"),
        _("Reserve cadres"),
        _("Talents"),
    ]

    def rows():
        for ledger in ledgers:
            party = ledger.committees.get(Category.PARTY_COMMITTEE, [])
            secretary = next(
                (m.person.name for m in party if m.membership.post == Post.SECRETARY),
                "",
            )
            vc = ledger.stats.get(Category.VILLAGERS_COMMITTEE)
            yield (
                ledger.village.name,
                len(party),
                secretary,
                _("yes") if ledger.one_shoulder else _("no"),
                vc.count if vc else 0,
                vc.women if vc else 0,
                ledger.cross_count,
                len(ledger.committees.get(Category.SUPERVISION_COMMITTEE, [])),
                ledger.party.total,
                ledger.party.entitled,
                len(ledger.reserves),
                ledger.talent_count,
            )

    return _export(
        request,
        what=_("Township ledger (%(count)d villages)") % {"count": len(ledgers)},
        filename=_("township ledger") + f"-{timezone.localdate():%Y%m%d}.xlsx",
        sheets_builder=lambda: [(_("Ledger"), headers, rows())],
        count=len(ledgers),
        cancel_url=reverse("villages:ledger"),
    )
