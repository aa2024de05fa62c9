# Tests for bandit-b701-jinja2-autoescape-false (Bandit B701).
import jinja2
from jinja2 import Environment
from jinja2 import Environment as Env
from jinja2 import FileSystemLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

templateLoader = jinja2.FileSystemLoader(searchpath="/")
something = ""

# Bandit's own examples.
# Another value: medium confidence ("Ensure autoescape=True ...").
# ruleid: bandit-b701-jinja2-autoescape-false (severity: high, confidence: medium)
Environment(loader=templateLoader, load=templateLoader, autoescape=True if something else False)

# ruleid: bandit-b701-jinja2-autoescape-false (severity: high, confidence: medium)
Environment(loader=templateLoader, load=templateLoader, autoescape=something)

# autoescape=False: high confidence ("Use autoescape=True ...").
# ruleid: bandit-b701-jinja2-autoescape-false (severity: high, confidence: high)
Environment(loader=templateLoader, load=templateLoader, autoescape=False)

# ok: bandit-b701-jinja2-autoescape-false
Environment(loader=templateLoader, load=templateLoader, autoescape=True)

# autoescape absent: high confidence ("By default ...").
# ruleid: bandit-b701-jinja2-autoescape-false (severity: high, confidence: high)
Environment(loader=templateLoader, load=templateLoader)

# ok: bandit-b701-jinja2-autoescape-false
Environment(loader=templateLoader, autoescape=select_autoescape())

# ok: bandit-b701-jinja2-autoescape-false
Environment(
    loader=templateLoader,
    autoescape=select_autoescape(["html", "htm", "xml"]),
)

# ruleid: bandit-b701-jinja2-autoescape-false
jinja2.Environment(loader=templateLoader)

# ruleid: bandit-b701-jinja2-autoescape-false (confidence: high)
jinja2.Environment(
    loader=templateLoader,
    autoescape=False,
)

# 0 is not the constant False: another value, as for Bandit.
# ruleid: bandit-b701-jinja2-autoescape-false (confidence: medium)
jinja2.Environment(autoescape=0)

# ruleid: bandit-b701-jinja2-autoescape-false
Env(loader=templateLoader)

# ruleid: bandit-b701-jinja2-autoescape-false
jinja2.environment.Environment()

# ok: bandit-b701-jinja2-autoescape-false
jinja2.Environment(autoescape=True)

# select_autoescape through the module is select_autoescape too. Bandit flags this: it
# accepts only a call of the bare name select_autoescape.
# ok: bandit-b701-jinja2-autoescape-false
jinja2.Environment(loader=templateLoader, autoescape=jinja2.select_autoescape())

# Bandit only reports classes named Environment.
# ok: bandit-b701-jinja2-autoescape-false
SandboxedEnvironment(loader=templateLoader)


class Environment2:
    pass


# ok: bandit-b701-jinja2-autoescape-false
Environment2()
