# Tests for bandit-b702-use-of-mako-templates (Bandit B702).
import mako
from mako import template
from mako.template import Template
from mako.template import Template as MakoTemplate
import mako.template
from mako.lookup import TemplateLookup
import jinja2
from string import Template as StringTemplate

# ruleid: bandit-b702-use-of-mako-templates
mako.template.Template("hello ${name}")

# ruleid: bandit-b702-use-of-mako-templates
template.Template("hello ${name}")

# ruleid: bandit-b702-use-of-mako-templates
Template("hello ${name}")

# ruleid: bandit-b702-use-of-mako-templates
MakoTemplate("hello ${name}")

# ruleid: bandit-b702-use-of-mako-templates
Template(
    filename="page.html",
    default_filters=["h"],
)

# Bandit reports every mako Template, even one with an escaping default filter.
# ruleid: bandit-b702-use-of-mako-templates
Template("hello ${name}", default_filters=["h"])

# ok: bandit-b702-use-of-mako-templates
TemplateLookup(directories=["templates"])

# ok: bandit-b702-use-of-mako-templates
jinja2.Template("hello {{ name }}")

# ok: bandit-b702-use-of-mako-templates
StringTemplate("hello $name")
