import tempfile
import tempfile as tf
from tempfile import mktemp
from tempfile import mktemp as make_name

# ruleid: bandit-b306-mktemp-q
path = tempfile.mktemp()
# ruleid: bandit-b306-mktemp-q
tf.mktemp(suffix=".py")
# ruleid: bandit-b306-mktemp-q
mktemp(".py")
# ruleid: bandit-b306-mktemp-q
make_name(prefix="listener-")


def multiline(util):
    # ruleid: bandit-b306-mktemp-q
    return tempfile.mktemp(
        prefix=r"\\.\pipe\pyc-",
        dir=util.get_temp_dir(),
    )


# The atomic alternatives are fine.
# ok: bandit-b306-mktemp-q
fd, path = tempfile.mkstemp()
# ok: bandit-b306-mktemp-q
tempfile.mkdtemp()
# ok: bandit-b306-mktemp-q
tempfile.NamedTemporaryFile(delete=False)
# ok: bandit-b306-mktemp-q
tempfile.TemporaryDirectory()

# Bandit 1.6.2 misses this: it does not follow `name = tempfile.mktemp` assignments.
name = tempfile.mktemp
# ruleid: bandit-b306-mktemp-q
name()


class Temp:
    def mktemp(self):
        return "x"


# ok: bandit-b306-mktemp-q
Temp().mktemp()
