"""Who may see and do what with discipline records — above all reports (举报).

The decision, in one place (the querysets in ``models`` apply it; menus and
templates only mirror it):

=============  ====================  =========================  =====================
role           report rows           reporter identity,          report counts
                                     contact, original text,     (totals, panels)
                                     attachments
=============  ====================  =========================  =====================
discipline     yes (own township)    yes                         yes
leader         yes (own township)    no                          yes
office         yes (own township)    no                          yes
inspector      no                    no                          township totals only
county         no                    no                          totals of its townships
guide          no                    no                          no
reviewer       no                    no                          no
superuser      yes                   no (unless also discipline) yes
=============  ====================  =========================  =====================

Why: SPEC §1 gives reports to ``discipline``, the only role that sees who
reported. The leading group approves extensions and must know that a report
exists, how it stands and what was concluded; the organisation office runs
vetting, where an open 拉票贿选/资格问题 report blocks a nominee, so it needs the
same view without the reporter. The inspection group supervises the process,
not the cases: it needs to know whether reports are handled on time (SPEC §3.9
"reports open and overdue"), which township-level counts answer without naming
anyone. The county reads totals. Guides are the staff of the villages reports
are about ("staff of the reported village never see the report"), and any user
whose scope is limited to villages is treated the same: no rows, no counts, no
search hits. Reviewers see only what is sent to their department.

Recusal: whoever guides a village (包保) never sees reports about that village,
whatever other roles they hold — a township-wide leader who is also in the
village's guidance group is still the village's staff (回避).
"""

from __future__ import annotations

import contextlib

from core.roles import Role
from core.scope import Scope, get_scope

REPORT_READER_ROLES = frozenset({Role.DISCIPLINE, Role.LEADER, Role.OFFICE})
REPORT_COUNTER_ROLES = frozenset(
    {Role.DISCIPLINE, Role.LEADER, Role.OFFICE, Role.INSPECTOR, Role.COUNTY}
)
# Roles that add and edit education, publicity and letter records of any village.
RECORD_EDITOR_ROLES = (Role.OFFICE, Role.DISCIPLINE)
TOWNSHIP_READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
)


def _scope(user_or_scope) -> Scope:
    if isinstance(user_or_scope, Scope):
        return user_or_scope
    return get_scope(user_or_scope)


def recused_village_ids(user) -> frozenset[int]:
    """Return the villages the user helps run (member of their guidance group, 包保).

    Whatever roles the user holds, reports about these villages are hidden from
    them. Cached on the user object for the request (one query at most).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_hjt_recused_villages", None)
    if cached is None:
        from villages.models import Village

        cached = frozenset(
            Village.objects.filter(
                guidance_groups__kind="guidance",
                guidance_groups__memberships__user=user,
            ).values_list("pk", flat=True)
        )
        with contextlib.suppress(AttributeError):  # AnonymousUser
            user._hjt_recused_villages = cached
    return cached


def reads_reports(user_or_scope) -> bool:
    """Return whether the user may list and open reports (never village-scoped users)."""
    scope = _scope(user_or_scope)
    if scope.user_id is None or scope.village_ids is not None:
        return False
    return scope.is_superuser or bool(scope.roles & REPORT_READER_ROLES)


def counts_reports(user_or_scope) -> bool:
    """Return whether the user may see township-level counts of reports."""
    scope = _scope(user_or_scope)
    if scope.user_id is None or scope.village_ids is not None:
        return False
    return scope.is_superuser or bool(scope.roles & REPORT_COUNTER_ROLES)


def sees_reporter(user_or_scope) -> bool:
    """Return whether the user may see who reported: the discipline role only.

    Deliberately not ``scope.has()``: a superuser without the role does not see
    the reporter either.
    """
    scope = _scope(user_or_scope)
    return reads_reports(scope) and Role.DISCIPLINE in scope.roles


def handles_reports(user_or_scope) -> bool:
    """Return whether the user registers and processes reports (discipline)."""
    return sees_reporter(user_or_scope)


def decides_extensions(user_or_scope) -> bool:
    """Return whether the user approves or rejects deadline extensions (leader)."""
    scope = _scope(user_or_scope)
    return reads_reports(scope) and Role.LEADER in scope.roles


def can_edit_record(user_or_scope, village=None, township_id=None) -> bool:
    """Return whether the user may add or change a publicity/education/letter record.

    Office and discipline edit every record of their township; a guide edits the
    records of the villages they guide (not township-level ones).
    """
    scope = _scope(user_or_scope)
    if scope.user_id is None:
        return False
    if village is None:
        if township_id is None or not scope.sees_township(township_id):
            return False
        return scope.is_superuser or bool(set(RECORD_EDITOR_ROLES) & scope.roles)
    if not scope.sees_village(village.pk, village.township_id):
        return False
    if scope.is_superuser or bool(set(RECORD_EDITOR_ROLES) & scope.roles):
        return True
    return scope.can_edit_village(village)


def can_add_records(user_or_scope) -> bool:
    """Return whether the user may add records at all (office, discipline, guides)."""
    scope = _scope(user_or_scope)
    return scope.has(Role.OFFICE, Role.DISCIPLINE) or (
        Role.GUIDE in scope.roles and bool(scope.guide_village_ids)
    )
