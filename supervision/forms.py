"""Forms of the supervision app (labels and messages translated in its catalogue)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NoteSubject
from .models import InspectionNote


class NoteForm(forms.ModelForm):
    """Write or amend an inspection note on a village; the task list is that village's."""

    class Meta:
        model = InspectionNote
        fields = ["task", "subject", "finding", "requirement", "deadline"]
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 4}),
            "requirement": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "finding": _("What the supervision group found: facts, place, who."),
            "requirement": _("What must be put right, and how it will be checked."),
            "task": _("Optional: the task of the timetable the note is about."),
        }

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
        self.fields["task"].label_from_instance = lambda t: (
            f"{t.stage.name} · {t.title}"
        )
        self.fields["task"].required = False
        self.fields["subject"].choices = NoteSubject.choices
        self.fields["subject"].required = False


class FollowUpForm(forms.Form):
    """A line added to the follow-up record."""

    text = forms.CharField(
        label=_("Follow-up"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was checked or done, e.g. 已现场复核，公示栏已补贴."),
    )


class CloseForm(forms.Form):
    """Close a note with the verified result."""

    conclusion = forms.CharField(
        label=_("Result of the check"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
