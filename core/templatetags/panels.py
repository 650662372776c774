"""``{% app_panels "village" village %}``: let each app add a panel to a shared page.

For a slot name, every app in PANEL_APPS may provide the template
``<app>/panels/<slot>.html``; those that exist are rendered in order with the
page's context plus ``object``. No app has to edit another app's template.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()

PANEL_APPS = (
    "villages",
    "stages",
    "supervision",
    "candidates",
    "elections",
    "discipline",
    "notifications",
)


@register.simple_tag(takes_context=True)
def app_panels(context, slot, obj=None):
    """Render every app's panel template for a slot.

    The panels render in the page's own context, as ``{% include %}`` does: the
    context processors (unread count, menus, scope) ran once for the page and are
    not run again for each panel.
    """
    parts = []
    with context.push(object=obj):
        for app in PANEL_APPS:
            try:
                tmpl = get_template(f"{app}/panels/{slot}.html")
            except template.TemplateDoesNotExist:
                continue
            parts.append(tmpl.template.render(context))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates are autoescaped
