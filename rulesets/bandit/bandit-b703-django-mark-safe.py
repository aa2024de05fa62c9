# Tests for bandit-b703-django-mark-safe (Bandit B703).
from django.utils import safestring
from django.utils.safestring import mark_safe
from django.utils.safestring import mark_safe as ms
from django.utils.safestring import SafeString, SafeText
from django.utils.html import format_html


def params(value, fields):
    # ruleid: bandit-b703-django-mark-safe
    a = mark_safe(value)
    # ruleid: bandit-b703-django-mark-safe
    b = ms(value.replace("\n", "<br>"))
    # ruleid: bandit-b703-django-mark-safe
    c = safestring.mark_safe("<b>%s</b>" % value)
    # ruleid: bandit-b703-django-mark-safe
    d = SafeString("<b>{}</b>".format(value))
    # ruleid: bandit-b703-django-mark-safe
    e = SafeText(f"<b>{value}</b>")
    # ruleid: bandit-b703-django-mark-safe
    f = mark_safe("\n".join(fields))
    # ruleid: bandit-b703-django-mark-safe
    g = mark_safe(
        "<ul>" + "".join(fields) + "</ul>"
    )
    # ruleid: bandit-b703-django-mark-safe
    h = [mark_safe(obj) for obj in fields]
    # ruleid: bandit-b703-django-mark-safe
    i = mark_safe(value.title)
    return a, b, c, d, e, f, g, h, i


def constants():
    # ok: bandit-b703-django-mark-safe
    a = mark_safe("<b>constant</b>")
    # ok: bandit-b703-django-mark-safe
    b = mark_safe("<b>" "implicitly joined" "</b>")
    # Formatting with string literals only.
    # ok: bandit-b703-django-mark-safe
    c = mark_safe("<b>{}</b>".format("x"))
    # ok: bandit-b703-django-mark-safe
    d = mark_safe("<b>%s%s</b>" % ("x", "y"))
    # ok: bandit-b703-django-mark-safe
    e = format_html("<b>{}</b>", "x")
    return a, b, c, d, e


def assigned_literal():
    html = "<br>"
    # Bandit follows a variable the function assigns only string literals before the call.
    # The rule language cannot test a name's assignments, so this is reported.
    # todook: bandit-b703-django-mark-safe
    return mark_safe(html)


def assigned_computed(value):
    html = "<b>%s</b>" % value
    # ruleid: bandit-b703-django-mark-safe
    return mark_safe(html)


class Other:
    def mark_safe(self, value):
        return value


def look_alike(value):
    # A method named mark_safe is not Django's. Bandit 1.6.2 flags this: it reports every call
    # named mark_safe in a file that imports django.utils.safestring.
    # ok: bandit-b703-django-mark-safe
    return Other().mark_safe(value)
