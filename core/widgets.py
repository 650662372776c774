"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from .text import pinyin_keys


class PersonSelect(forms.Select):
    """A person picker searchable by name, pinyin and initials (陈立新 / chenlixin / clx).

    Without JavaScript it is the plain ``<select>``. With it, the vendored Tom
    Select turns it into a type-to-search list (``static/js/person-picker.js``).
    Each option carries its search keys; labels come from the field, which
    must show a masked ID number at most (never the full one).
    """

    template_name = "core/widgets/person_select.html"

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "class": "form-select",
            "data-person-picker": "",
            "data-placeholder": _("Type a name, pinyin or initials"),
            "data-no-results": _("Nobody matches on this roster."),
            **(attrs or {}),
        }
        super().__init__(attrs, choices)

    def get_context(self, name, value, attrs):
        # Static URLs are resolved when the page is drawn, not when a form class is
        # defined: with the manifest storage of production settings, resolving at
        # import made every management command (migrate before collectstatic) fail.
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault(
            "data-picker-js", static("vendor/tom-select/tom-select.complete.min.js")
        )
        context["widget"]["attrs"].setdefault(
            "data-picker-css", static("vendor/tom-select/tom-select.bootstrap5.min.css")
        )
        return context

    def create_option(
        self, name, value, label, selected, index, subindex=None, attrs=None
    ):
        option = super().create_option(
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        person = getattr(value, "instance", None)
        if person is not None:
            pinyin = getattr(person, "name_pinyin", "")
            initials = getattr(person, "name_initials", "")
            if not pinyin:
                pinyin, initials = pinyin_keys(person.name)
            # Tom Select reads data-* attributes into the option's search fields.
            option["attrs"]["data-pinyin"] = pinyin
            option["attrs"]["data-initials"] = initials
        return option
