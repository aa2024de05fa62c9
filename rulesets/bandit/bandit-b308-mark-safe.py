from django.utils.safestring import mark_safe
from django.utils.safestring import mark_safe as safe
from django.utils import safestring
import django.utils.safestring
from django.utils.html import format_html, escape

# ruleid: bandit-b308-mark-safe
mark_safe(user_html)
# ruleid: bandit-b308-mark-safe
safe("<b>%s</b>" % name)
# ruleid: bandit-b308-mark-safe
safestring.mark_safe(html)
# ruleid: bandit-b308-mark-safe
django.utils.safestring.mark_safe(html)
# Bandit flags constant strings too.
# ruleid: bandit-b308-mark-safe
mark_safe("<br>")


def render(name):
    # ruleid: bandit-b308-mark-safe
    return mark_safe(
        "<a href='%s'>%s</a>" % (name, name)
    )


# The escaping alternatives are fine.
# ok: bandit-b308-mark-safe
format_html("<b>{}</b>", name)
# ok: bandit-b308-mark-safe
escape(user_html)


def mark_safe_local(s):
    return s


# ok: bandit-b308-mark-safe
mark_safe_local(html)

# Bandit 1.6.2 misses this: it does not follow `ms = mark_safe` assignments.
ms = mark_safe
# ruleid: bandit-b308-mark-safe
ms(html)
