import pickle
import pickle as pkl
import dill
from pickle import loads
from pickle import load as pickle_load
from pickle import Unpickler
import io
import json
import _pickle
import shelve
import jsonpickle
import jsonpickle.unpickler
import pandas

# ruleid: bandit-b301-pickle
pickle.loads(blob)
# ruleid: bandit-b301-pickle
pickle.load(open("model.pkl", "rb"))
# ruleid: bandit-b301-pickle
pickle.Unpickler(io.BytesIO(blob)).load()
# ruleid: bandit-b301-pickle
pkl.loads(blob)
# ruleid: bandit-b301-pickle
loads(blob)
# ruleid: bandit-b301-pickle
pickle_load(fh)
# ruleid: bandit-b301-pickle
Unpickler(fh).load()
# ruleid: bandit-b301-pickle
dill.loads(blob)
# ruleid: bandit-b301-pickle
dill.load(fh)
# ruleid: bandit-b301-pickle
dill.Unpickler(fh)


def py2(blob):
    import cPickle
    # Python 2's cPickle left Bandit's list after 1.6.2 (Python 3 has no such module).
    # ok: bandit-b301-pickle
    return cPickle.loads(blob)


def keyword_and_multiline(fh):
    # ruleid: bandit-b301-pickle
    return pickle.load(
        file=fh,
        encoding="latin1",
    )


# ruleid: bandit-b301-pickle
state = pickle.loads(pickle.dumps(state))

# Dumping is safe: only loading runs the data's code.
# ok: bandit-b301-pickle
pickle.dumps(obj)
# ok: bandit-b301-pickle
pickle.dump(obj, fh)
# ok: bandit-b301-pickle
json.loads(text)

# Bandit 1.6.2 misses this: it does not follow `g = pickle.loads` assignments.
g = pickle.loads
# ruleid: bandit-b301-pickle
g(blob)
# Bandit 1.6.2 misses this: a call on `__import__(...)` has no name it can resolve.
# ruleid: bandit-b301-pickle
__import__("pickle").loads(blob)

# Added to Bandit's list after 1.6.2: shelve, jsonpickle and pandas.read_pickle.
# ruleid: bandit-b301-pickle
shelve.open("db")
# ruleid: bandit-b301-pickle
shelve.DbfilenameShelf("db")
# ruleid: bandit-b301-pickle
jsonpickle.decode(text)
# ruleid: bandit-b301-pickle
jsonpickle.unpickler.Unpickler()
# ruleid: bandit-b301-pickle
pandas.read_pickle("frame.pkl")
# The C module _pickle is in no Bandit list.
# ok: bandit-b301-pickle
_pickle.loads(blob)


class Cache:
    def loads(self, blob):
        return blob


# A method that happens to be called loads.
# ok: bandit-b301-pickle
Cache().loads(blob)


def shadowed(pickle):
    # Bandit 1.6.2 flags this: it resolves `pickle` to the module although the parameter
    # shadows it.
    # ok: bandit-b301-pickle
    return pickle.loads(blob)
