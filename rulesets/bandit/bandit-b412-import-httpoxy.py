# Test for bandit-b412-import-httpoxy: CGI handlers (httpoxy).
import wsgiref.handlers
# ruleid: bandit-b412-import-httpoxy
from wsgiref.handlers import CGIHandler
# ruleid: bandit-b412-import-httpoxy
from wsgiref.handlers import CGIHandler as Handler
# ruleid: bandit-b412-import-httpoxy
from twisted.web.twcgi import CGIScript
# ruleid: bandit-b412-import-httpoxy
from twisted.web.twcgi import CGIDirectory, FilteredScript
# Bandit also flags calls of the listed names (its blacklist checks calls too).
# ruleid: bandit-b412-import-httpoxy
CGIHandler().run(app)
# ruleid: bandit-b412-import-httpoxy
wsgiref.handlers.CGIHandler().run(app)
# ruleid: bandit-b412-import-httpoxy
resource = CGIScript("/usr/lib/cgi-bin/app.cgi")
# Importing the module, or another handler, is not flagged.
# ok: bandit-b412-import-httpoxy
import wsgiref
# ok: bandit-b412-import-httpoxy
from wsgiref import handlers
# ok: bandit-b412-import-httpoxy
from wsgiref.handlers import SimpleHandler, BaseCGIHandler
# ok: bandit-b412-import-httpoxy
from wsgiref.simple_server import make_server
# ok: bandit-b412-import-httpoxy
from twisted.web import twcgi
# ok: bandit-b412-import-httpoxy
handler = wsgiref.handlers.SimpleHandler(stdin, stdout, stderr, environ)
