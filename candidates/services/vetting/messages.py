"""Messages of the vetting services, as constants the tests match."""

from django.utils.translation import gettext_lazy

# --- messages (matched by the tests) ------------------------------------------------------

NO_ROUND = gettext_lazy(
    "%(township)s has no election round yet: the organisation office creates the round first."
)
POST_NOT_IN_BODY = gettext_lazy(
    "“%(post)s” is not a post of the %(body)s: choose one of %(posts)s."
)
PERSON_OTHER_TOWNSHIP = gettext_lazy(
    "%(name)s is on the roster of another township: nominate people from this township's roster."
)
ALREADY_NOMINATED = gettext_lazy(
    "%(name)s is already nominated for the %(body)s in this round (status “%(status)s”): a "
    "person is nominated once per committee."
)
NOTHING_SELECTED = gettext_lazy(
    "Select at least one preliminary nominee to send to the joint review."
)
ONE_ROUND_AT_A_TIME = gettext_lazy(
    "Send the nominees of one township and one round at a time."
)
NOT_SENDABLE = gettext_lazy(
    "%(name)s is “%(status)s”: only preliminary nominees (or nominees in review with a "
    "department missing) are sent to the joint review."
)
NOTHING_TO_SEND = gettext_lazy(
    "Every selected nominee already has a review item for every department: nothing was sent."
)
PRECHECK_FAILED = gettext_lazy(
    "%(name)s fails the pre-check (%(problems)s): correct the roster data, or disqualify the "
    "nominee, before sending."
)
NO_CRITERIA = gettext_lazy(
    "No disqualification criterion is in use: run “python manage.py load_defaults” or add the "
    "criteria in the admin."
)
NO_DEPARTMENT = gettext_lazy(
    "No active department checks any criterion: assign departments to the criteria in the admin."
)
NO_REVIEW_DAYS = gettext_lazy(
    "The round's rule set has no time limit for the joint review (review_days): add it to the "
    "rule set in the admin."
)
NOT_REVIEWER = gettext_lazy("You are not a reviewer of %(department)s.")
ITEM_SIGNED = gettext_lazy(
    "%(department)s signed this review on %(date)s; a signed review can no longer be changed."
)
CRITERION_NOT_DEPARTMENT = gettext_lazy(
    "Item %(number)s is not among the criteria %(department)s checks in this round."
)
BAD_RESULT = gettext_lazy("Choose “no problem” or “problem found”.")
ISSUE_NEEDS_FINDING = gettext_lazy(
    "Describe the problem found for item %(number)s (what, when, which decision or judgement)."
)
UNANSWERED = gettext_lazy(
    "Answer every criterion before signing off: %(list)s still open."
)
CONCLUSION_REQUIRED = gettext_lazy(
    "Write the department's conclusion before signing off, e.g. “经查，未发现该同志存在所列情形”."
)
NOMINATION_CLOSED = gettext_lazy(
    "The nomination of %(name)s is closed (“%(status)s”): nothing more is recorded for it."
)
REASON_REQUIRED = gettext_lazy(
    "Give the reason for the disqualification: it is shown on the nomination and in the ledger."
)
NOT_CLEAR = gettext_lazy(
    "The joint review of %(name)s is not clear yet: %(explanation)s"
)
NOT_LEADER = gettext_lazy("Only a member of the leading group may decide.")
NO_WARN_FINDINGS = gettext_lazy(
    "There is no not-advisable (不宜) finding on %(name)s to decide on."
)
DECISION_REASON_REQUIRED = gettext_lazy(
    "Write the reason for the decision: it is kept with the joint review."
)
NOTICE_EMPTY = gettext_lazy(
    "Select at least one nominee under inspection for the notice."
)
NOTICE_NOT_INSPECTION = gettext_lazy(
    "%(name)s is “%(status)s”: only nominees under inspection go on a public notice."
)
NOTICE_WRONG_GROUP = gettext_lazy(
    "%(name)s is nominated in %(village)s for the %(body)s: a notice covers one village and one "
    "committee."
)
NOTICE_TOO_SHORT = gettext_lazy(
    "The notice must be displayed for at least %(days)s working days: choose %(end)s or later "
    "as the last day."
)
OBJECTION_NOT_ON_NOTICE = gettext_lazy("%(name)s is not on this notice.")
OBJECTION_BEFORE_NOTICE = gettext_lazy(
    "The objection is dated before the notice went up (%(start)s): check the date."
)
OBJECTION_CONTENT_REQUIRED = gettext_lazy("Write what the objection says.")
OBJECTION_RESOLVED = gettext_lazy("This objection is already resolved.")
RESOLUTION_REQUIRED = gettext_lazy(
    "Write how the objection was verified and what was decided."
)
BAD_RESOLUTION = gettext_lazy("Choose “dismissed after verification” or “upheld”.")
NOT_OFFICE = gettext_lazy("Only the organisation office proposes the formal list.")
LIST_EMPTY = gettext_lazy(
    "No nominee of %(village)s for the %(body)s is on public notice: publish the notice first."
)
LIST_PROBLEMS = gettext_lazy("The formal list cannot go ahead yet: %(problems)s")
PROBLEM_NOTICE_RUNNING = gettext_lazy("%(name)s: the notice is displayed until %(end)s")
PROBLEM_OBJECTIONS = gettext_lazy("%(name)s: %(count)s objection(s) not resolved")
PROBLEM_REPORT = gettext_lazy("%(name)s: %(hold)s")
PROBLEM_REVIEW = gettext_lazy("%(name)s: %(explanation)s")
FLAG_COMMITMENT = gettext_lazy("%(name)s has no signed commitment letter (承诺书)")
LIST_NOT_PROPOSED = gettext_lazy(
    "This list is “%(status)s”: only a proposed list can be confirmed or withdrawn."
)
SAME_PERSON = gettext_lazy(
    "You proposed this list, so you cannot confirm it: another leader must confirm it "
    "(maker-checker)."
)
LIST_STALE = gettext_lazy(
    "The list changed after it was proposed (%(why)s), so it is stale: the office must propose "
    "it again."
)
STALE_CHANGED = gettext_lazy("a candidate's data, post or status changed")
STALE_SUPERSEDED = gettext_lazy("superseded by a new proposal")
