"""Writes of the villages app."""

from django.db import transaction

from ..models import PlanItem, Village, VillageFile


@transaction.atomic
def village_file_save(*, village: Village, form, user) -> VillageFile:
    """Save a village's file (一村一档) from a validated form, recording who assessed it.

    The file is unique per village (one-to-one): when it was created by someone
    else after this form was loaded (two first saves at once), the form's values
    are written onto that row instead of creating a second one.
    """
    village_file = form.save(commit=False)
    if village_file.pk is None:
        existing = VillageFile.objects.filter(village=village).first()
        if existing is not None:
            for name in form._meta.fields:
                if name in form.cleaned_data:
                    setattr(existing, name, form.cleaned_data[name])
            village_file = existing
    village_file.village = village
    village_file.assessed_by = user
    village_file.full_clean(validate_unique=village_file.pk is None)
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
    import_job_recover,
    import_job_retry,
    import_jobs_recover,
    run_apply,
    run_preview,
)

__all__ = [
    "import_job_apply",
    "import_job_confirm",
    "import_job_create",
    "import_job_preview",
    "import_job_recover",
    "import_job_retry",
    "import_jobs_recover",
    "plan_item_delete",
    "plan_item_save",
    "run_apply",
    "run_preview",
    "village_file_save",
]
