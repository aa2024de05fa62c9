# Test for bandit-b411-import-xmlrpclib. Bandit 1.6.2 lists Python 2's xmlrpclib; Bandit 1.8
# lists xmlrpc (Python 3's package), which this rule follows; xmlrpc* covers both.
import importlib

# ruleid: bandit-b411-import-xmlrpclib
import xmlrpclib
# ruleid: bandit-b411-import-xmlrpclib
from xmlrpclib import ServerProxy
# Bandit 1.6.2 misses this: its list has only xmlrpclib (Bandit 1.8 lists xmlrpc).
# ruleid: bandit-b411-import-xmlrpclib
import xmlrpc.client
# Bandit 1.6.2 misses this: its list has only xmlrpclib (Bandit 1.8 lists xmlrpc).
# ruleid: bandit-b411-import-xmlrpclib
from xmlrpc.server import SimpleXMLRPCServer
# Bandit 1.6.2 misses this: its list has only xmlrpclib (Bandit 1.8 lists xmlrpc).
# ruleid: bandit-b411-import-xmlrpclib
from xmlrpc import client as rpc


def proxy(url):
    # Bandit 1.6.2 misses this: its list has only xmlrpclib (Bandit 1.8 lists xmlrpc).
    # ruleid: bandit-b411-import-xmlrpclib
    import xmlrpc.client
    return xmlrpc.client.ServerProxy(url)


# ruleid: bandit-b411-import-xmlrpclib
mod = importlib.import_module("xmlrpclib")
# ok: bandit-b411-import-xmlrpclib
import jsonrpclib
# ok: bandit-b411-import-xmlrpclib
from defusedxml import xmlrpc as safe_xmlrpc
# ok: bandit-b411-import-xmlrpclib
import defusedxml.xmlrpc
