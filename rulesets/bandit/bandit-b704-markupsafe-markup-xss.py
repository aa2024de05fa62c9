# Tests for bandit-b704-markupsafe-markup-xss (Bandit 1.8 B704).
import flask
import markupsafe
from markupsafe import Markup
from markupsafe import Markup as M
from markupsafe import escape


def render(content, name):
    # ruleid: bandit-b704-markupsafe-markup-xss
    a = Markup(f"unsafe {content}")
    # ruleid: bandit-b704-markupsafe-markup-xss
    b = flask.Markup("unsafe {}".format(content))
    # ruleid: bandit-b704-markupsafe-markup-xss
    c = markupsafe.Markup(content)
    # ruleid: bandit-b704-markupsafe-markup-xss
    d = M("<b>" + name + "</b>")
    # ruleid: bandit-b704-markupsafe-markup-xss
    e = Markup("<p>%s</p>" % content)
    # ruleid: bandit-b704-markupsafe-markup-xss
    f = Markup(
        content,
    )
    # Bandit 1.8 has no allowed_calls by default: escape() output is reported too.
    # ruleid: bandit-b704-markupsafe-markup-xss
    g = Markup(escape(content))
    return a, b, c, d, e, f, g


def safe(content):
    # ok: bandit-b704-markupsafe-markup-xss
    a = Markup("<b>constant</b>")
    # ok: bandit-b704-markupsafe-markup-xss
    b = Markup()
    # Interpolating into a Markup escapes the value.
    # ok: bandit-b704-markupsafe-markup-xss
    c = Markup("<b>%s</b>") % content
    # ok: bandit-b704-markupsafe-markup-xss
    d = Markup("<b>{}</b>").format(content)
    # ok: bandit-b704-markupsafe-markup-xss
    e = escape(content)
    # ok: bandit-b704-markupsafe-markup-xss
    f = Markup("<b>" "implicitly concatenated" "</b>")
    # An f-string without interpolation is a constant. Bandit 1.8 flags this: an f-string
    # is an ast.JoinedStr, not an ast.Constant.
    # ok: bandit-b704-markupsafe-markup-xss
    g = Markup(f"<br>")
    return a, b, c, d, e, f, g


class Markup2:
    def __init__(self, value):
        self.value = value


def other(content):
    # ok: bandit-b704-markupsafe-markup-xss
    return Markup2(content)
