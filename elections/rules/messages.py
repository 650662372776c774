"""Messages of the election rules, as constants so that tests match them.

Each says what the numbers mean and, where something is wrong, what to do.
Placeholders are filled with ``%`` after ``gettext`` (see elections.rules.base).
"""

from django.utils.translation import gettext_lazy as _

# --- impossible numbers (refused; nothing is written) --------------------------------

NEGATIVE = _("Enter a number of zero or more.")
NO_SEATS = _("Enter at least one seat to be filled.")
ENTITLED_ZERO = _(
    "Nobody is entitled to attend: check the roll before entering results."
)
PRESENT_OVER_ENTITLED = _(
    "%(present)s present is more than the %(entitled)s entitled to attend: "
    "check the sign-in sheet and the roll."
)
CAST_OVER_REGISTERED = _(
    "%(cast)s ballots cast is more than the %(registered)s registered voters: "
    "check the ballot count and the voter list."
)
ISSUED_OVER_PRESENT = _(
    "%(issued)s ballots issued is more than the %(present)s voting members present: "
    "one ballot per voter present."
)
VOTES_OVER_BALLOTS = _(
    "%(name)s has %(votes)s votes, more than the %(ballots)s ballots: a ballot gives "
    "a candidate at most one vote. Check the tally sheet."
)
VOTES_OVER_PRESENT = _(
    "%(name)s has %(votes)s votes, more than the %(present)s people present: "
    "check the tally sheet."
)
TOTAL_OVER_CHOICES = _(
    "The votes for %(post)s add up to %(total)s, more than %(ballots)s ballots × "
    "%(seats)s seats = %(limit)s: a ballot with more choices than seats is invalid "
    "and not counted (V7). Check the tally sheet."
)
RUNOFF_BEFORE_ELECTION = _(
    "The separate election on %(runoff)s cannot be before the election on %(day)s."
)
SEATS_OUTSIDE_SIZE = _(
    "%(seats)s seats in total is outside the lawful size of %(low)s to %(high)s "
    "members (V1): change the number of seats per post."
)
CONSENT_OVER_PRESENT = _(
    "%(consent)s electors agreeing is more than the %(present)s present."
)
COMMITTEE_MEMBERS = _("committee members")
FEW_NOMINEES = _(
    "Only %(count)s people received votes but %(shortlist)s are to be recommended: "
    "enter every nominee's votes."
)

# --- V1 ---------------------------------------------------------------------------------

V1_SIZE_OK = _("V1: %(size)s members, within %(low)s–%(high)s.")
V1_SIZE_LOW = _(
    "V1: only %(size)s members elected, fewer than %(low)s: hold a separate election "
    "for the remaining seats."
)
V1_SIZE_HIGH = _("V1: %(size)s members is more than the maximum of %(high)s.")
V1_WOMAN_OK = _("V1: the committee has %(women)s woman member(s).")
V1_NO_WOMAN = _(
    "V1: no woman was elected; the committee must have a woman member — hold a "
    "separate election with a seat for a woman."
)

# --- V3 ---------------------------------------------------------------------------------

V3_OK = _(
    "V3: %(post)s — %(candidates)s candidates for %(seats)s seat(s), at least "
    "%(needed)s required."
)
V3_SHORT = _(
    "V3: %(post)s has %(candidates)s candidate(s) for %(seats)s seat(s); the law asks "
    "for more candidates than seats (at least %(needed)s under the rule set). Add "
    "candidates for %(post)s or reduce its seats."
)

# --- V5 / V6 / V7 ------------------------------------------------------------------------

V5_VALID = _(
    "V5: %(cast)s of %(registered)s registered voters voted, %(rule)s of them "
    "(at least %(needed)s) — the election is valid."
)
V5_RUNOFF_NOT_REQUIRED = _(
    "V5: %(cast)s of %(registered)s registered voters voted; under this rule set a "
    "separate election does not need a share of the registered voters to vote."
)
V5_INVALID = _(
    "V5: %(cast)s of %(registered)s registered voters voted; the law asks for %(rule)s "
    "of them (at least %(needed)s) — the election is invalid; organise the vote again."
)
V6_ELECTED = _(
    "V6: %(votes)s votes, %(more)s %(share)s of the %(cast)s ballots cast (at least "
    "%(needed)s) — elected."
)
V6_BELOW = _(
    "V6: %(votes)s votes; election needs %(more)s %(share)s of the %(cast)s ballots "
    "cast (at least %(needed)s) — not elected."
)
V6_OUTRANKED = _(
    "V6: %(votes)s votes passes the threshold, but the %(seats)s seat(s) went to "
    "candidates with more votes — not elected."
)
V6_TIE = _(
    "V6: %(votes)s votes, level with %(others)s for the last %(left)s seat(s) — vote "
    "again among the tied candidates."
)
V6_HIGHER_POST = _("V6: already elected to a higher post on this ballot.")
V6_SHORTFALL = _(
    "V6: %(count)s seat(s) for %(post)s not filled — hold a separate election within "
    "%(days)s days (by %(deadline)s)."
)
V6_RUNOFF_ELECTED = _(
    "V6 (separate election): %(votes)s votes, among the most and %(more)s %(share)s "
    "of the %(cast)s ballots cast (at least %(needed)s) — elected."
)
V6_RUNOFF_BELOW = _(
    "V6 (separate election): %(votes)s votes; election needs %(more)s %(share)s of "
    "the %(cast)s ballots cast (at least %(needed)s) — not elected."
)
V6_RUNOFF_IN_TIME = _(
    "V6: separate election on %(runoff)s, within %(days)s days of %(day)s."
)
V6_RUNOFF_LATE = _(
    "V6: separate election on %(runoff)s is later than %(days)s days after %(day)s "
    "(deadline %(deadline)s) — not lawful; report to the township."
)
V7_OK = _("V7: %(returned)s ballots returned, not more than the %(issued)s issued.")
V7_OVER = _(
    "V7: %(returned)s ballots returned is more than the %(issued)s issued — the vote is "
    "void and must be held again."
)

# --- V8 / V11 -----------------------------------------------------------------------------

V8_ROLE_COMMITTEE = _("a member of the villagers' election committee")
V8_ROLE_TELLER = _("a scrutineer or teller")
V8_CONFLICT = _(
    "V8: %(name)s is a candidate and also %(role)s — they must withdraw from that role "
    "and be replaced before the vote."
)
V8_RELATIVE = _(
    "V8: %(name)s (%(role)s) is a close relative of candidate %(candidate)s — replace "
    "them before the vote."
)
V8_OK = _(
    "V8: no candidate or close relative serves on the election committee or counts votes."
)
V11_MEMBER = _(
    "V11: %(name)s is a member of the villagers' committee and cannot sit on the "
    "supervision committee."
)
V11_RELATIVE = _(
    "V11: %(name)s is a close relative of villagers' committee member %(member)s and "
    "cannot sit on the supervision committee."
)
V11_OK = _(
    "V11: no member of the villagers' committee or close relative of one is on the "
    "supervision committee."
)

# --- P1–P5 ---------------------------------------------------------------------------------

P1_VALID = _(
    "P1: %(present)s voting members present, %(more)s %(share)s of the %(entitled)s "
    "entitled (at least %(needed)s) — the meeting is valid."
)
P1_INVALID = _(
    "P1: %(present)s voting members present; the meeting needs %(more)s %(share)s of "
    "the %(entitled)s entitled (at least %(needed)s) — it is invalid and cannot "
    "elect."
)
P2_OK = _(
    "P2: %(candidates)s candidates for %(seats)s seats, a surplus of %(more)s "
    "%(share)s of the seats (at least %(needed)s candidates)."
)
P2_SHORT = _(
    "P2: %(candidates)s candidates for %(seats)s seats; the surplus must be %(more)s "
    "%(share)s of the seats (at least %(needed)s candidates) — add candidates before "
    "the vote."
)
P3_ELECTED = _(
    "P3: %(votes)s yes-votes, %(more)s %(share)s of the %(entitled)s entitled to vote"
    " (at least %(needed)s) — elected."
)
P3_BELOW = _(
    "P3: %(votes)s yes-votes; election needs %(more)s %(share)s of the %(entitled)s "
    "entitled to vote (at least %(needed)s) — not elected."
)
P3_OUTRANKED = _(
    "P3: %(votes)s yes-votes passes the threshold, but the %(seats)s seat(s) went to "
    "candidates with more votes — not elected."
)
P3_TIE = _(
    "P3: %(votes)s yes-votes, level with %(others)s for the last %(left)s seat(s) — vote "
    "again among the tied candidates."
)
P3_SHORTFALL = _(
    "P3: %(count)s seat(s) not filled — hold a separate election for them, or reduce "
    "the seats with the consent of more than half of the electors and record the "
    "decision."
)
P3_REDUCE_OK = _(
    "P3: %(consent)s of %(present)s electors agreed to reduce the seats, %(rule)s of "
    "them — seats reduced."
)
P3_REDUCE_SHORT = _(
    "P3: %(consent)s of %(present)s electors agreed to reduce the seats; that needs "
    "%(rule)s of them (at least %(needed)s) — the seats cannot be reduced; hold a "
    "separate election."
)
P4_COUNT = _(
    "P4: %(entitled)s entitled to vote = %(full)s full members − %(excluded)s approved "
    "exclusions − %(no_vote)s without a vote; %(probationary)s probationary members do "
    "not vote."
)
P4_UNAPPROVED = _(
    "P4: %(count)s member(s) are marked as not counted but the exclusion has no "
    "recorded approval, so they still count: record the approval or clear the mark."
)
P5_VALID = _(
    "P5: %(present)s of %(entitled)s attended, %(rule)s of them (at least %(needed)s) "
    "— the meeting is valid."
)
P5_INVALID = _(
    "P5: %(present)s of %(entitled)s attended; the meeting needs %(rule)s of them (at "
    "least %(needed)s) — it is invalid; hold it again."
)
P5_MARGIN_OK = _(
    "P5: %(shortlist)s recommended for %(seats)s seats, a surplus of %(more)s "
    "%(share)s of the seats (at least %(needed)s)."
)
P5_MARGIN_SHORT = _(
    "P5: %(shortlist)s recommended for %(seats)s seats; the surplus must be %(more)s "
    "%(share)s of the seats (at least %(needed)s) — recommend more people."
)
P5_RECOMMENDED = _("P5: %(votes)s votes, among the %(shortlist)s most — recommended.")
P5_NOT_RECOMMENDED = _("P5: %(votes)s votes, not among the %(shortlist)s most.")
P5_TIE = _(
    "P5: %(votes)s votes, level with %(others)s for the last %(left)s place(s) — vote "
    "again among them."
)

# --- statutory basis of rules that read no rule-set row ------------------------------------

FIXED_BASIS = {
    "V7": _(
        "Ballots returned may not exceed ballots issued, otherwise the vote is void and "
        "held again; a ballot with more choices than seats is invalid."
    ),
    "V8": _(
        "Organic Law of Villagers' Committees art. 12: a member of the villagers' "
        "election committee nominated as a candidate leaves the election committee; "
        "candidates and their close relatives may not be scrutineers or tellers."
    ),
    "V11": _(
        "Organic Law of Villagers' Committees art. 32: members of the villagers' "
        "committee and their close relatives may not sit on the village affairs "
        "supervision body."
    ),
    "P4": _(
        "Regulations on elections of grass-roots Party organisations art. 5: only full "
        "members vote; probationary members, members on probation within the Party and "
        "members detained or arrested have no vote."
    ),
}

# --- re-vote among tied candidates (V6 / P3) -------------------------------------------------

REVOTE_ELECTED = _(
    "%(rule)s re-vote among the tied: %(votes)s votes, among the most — elected."
)
REVOTE_NOT_ELECTED = _(
    "%(rule)s re-vote among the tied: %(votes)s votes, the %(seats)s seat(s) went to "
    "candidates with more votes — not elected."
)
REVOTE_TIE = _(
    "%(rule)s re-vote among the tied: %(votes)s votes, level again with %(others)s for "
    "the last %(left)s seat(s) — vote again."
)
