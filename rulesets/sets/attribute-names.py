# Every member of `sinks attribute-names`, and look-alikes that are not.
import operator


def lookup(obj, name, value):
    # ruleid: sinks.attribute-names
    found = getattr(obj, name)
    # ruleid: sinks.attribute-names
    setattr(obj, name, value)
    # ruleid: sinks.attribute-names
    delattr(obj, name)
    # ruleid: sinks.attribute-names
    getter = operator.attrgetter(name)
    # ok: sinks.attribute-names
    has = hasattr(obj, name)
    return found, getter, has
