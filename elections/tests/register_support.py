"""Test helpers of the voter register: 蒙城县 ID numbers and a VC election."""

from __future__ import annotations

import datetime

# GB 11643-1999: weights of the first 17 digits and the check character of sum % 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
MENGCHENG = "341622"


def id_number(birth: datetime.date, serial: int, *, area: str = MENGCHENG) -> str:
    """Return a valid 18-digit ID number (check digit computed here, not by the app)."""
    body = f"{area}{birth:%Y%m%d}{serial % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + CHECK[total % 11]


def vc_election(village, round, by, *, held_on=datetime.date(2021, 12, 12)):
    from elections.choices import Body
    from elections.models import Election

    return Election.objects.create(
        round=round,
        village=village,
        body=Body.VILLAGERS_COMMITTEE,
        held_on=held_on,
        seats_head=1,
        seats_member=2,
        recorded_by=by,
    )
