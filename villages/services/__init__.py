"""Writes of the villages app."""

from django.db import transaction

from ..models import PlanItem, Village, VillageFile


@transaction.atomic
def village_file_save(*, village: Village, form, user) -> VillageFile:
    """Save a village's file (一村一档) from a validated form, recording who assessed it."""
    village_file = form.save(commit=False)
    village_file.village = village
    village_file.assessed_by = user
    village_file.full_clean()
    village_file.save()
    return village_file


@transaction.atomic
def plan_item_save(*, village: Village, form) -> PlanItem:
    """Create or update a “三个一” plan item of a village from a validated form."""
    item = form.save(commit=False)
    item.village = village
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem) -> None:
    """Delete a plan item; the deletion stays in its history."""
    item.delete()


# The cadre roster's writes live in their own module; re-exported here.
from .roster import (  # noqa: E402
    import_job_apply,
    import_job_confirm,
    import_job_create,
    import_job_preview,
    run_apply,
    run_preview,
)

__all__ = [
    "import_job_apply",
    "import_job_confirm",
    "import_job_create",
    "import_job_preview",
    "plan_item_delete",
    "plan_item_save",
    "run_apply",
    "run_preview",
    "village_file_save",
]
