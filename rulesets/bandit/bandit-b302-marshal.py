import marshal
import marshal as m
from marshal import loads
from marshal import load as marshal_load
from marshal import *

# ruleid: bandit-b302-marshal
code = marshal.loads(data)
# ruleid: bandit-b302-marshal
code = marshal.load(open("module.pyc", "rb"))
# ruleid: bandit-b302-marshal
m.loads(data[16:])
# ruleid: bandit-b302-marshal
loads(data)
# ruleid: bandit-b302-marshal
marshal_load(fh)


def multiline(data):
    # ruleid: bandit-b302-marshal
    return marshal.loads(
        memoryview(data)[16:]
    )


# Serialising is safe.
# ok: bandit-b302-marshal
marshal.dumps(code)
# ok: bandit-b302-marshal
marshal.dump(code, fh)

# Bandit 1.6.2 misses this: it does not follow `f = marshal.loads` assignments.
f = marshal.loads
# ruleid: bandit-b302-marshal
f(data)


class Format:
    def load(self, fh):
        return fh


# A method named load.
# ok: bandit-b302-marshal
Format().load(fh)

# Bandit 1.6.2 misses this: it does not resolve names that `from marshal import *` brings in.
# ruleid: bandit-b302-marshal
load(fh)
