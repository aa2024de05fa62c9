import builtins
import logging


def do_some_stuff():
    return 1


try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except:
    pass

try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception:
    pass

try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception as exc:
    pass

try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception:  # a comment
    # and another
    pass

try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception: pass

try:
    do_some_stuff()
except ValueError:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception:
    pass
else:
    do_some_stuff()
finally:
    do_some_stuff()

try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception:
    pass
except:
    logging.exception("oops")


def nested():
    try:
        try:
            do_some_stuff()
        # ok: bandit-b110-try-except-pass
        except ValueError:
            pass
    # ruleid: bandit-b110-try-except-pass
    except:
        pass
    finally:
        do_some_stuff()


# The check_typed_exception default: a specific exception type is allowed.
try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except ZeroDivisionError:
    pass

# Bandit compares the name `Exception` only: a tuple or a dotted name is a typed exception.
try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except (Exception, ValueError):
    pass

try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except builtins.Exception:
    pass

# Not pass alone.
try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except Exception:
    logging.exception("failed")
    pass

try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except:
    ...

try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except Exception:
    raise

for item in range(3):
    try:
        do_some_stuff()
    # ok: bandit-b110-try-except-pass
    except Exception:
        continue

# A bare except after a typed handler.
try:
    do_some_stuff()
except ValueError:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except:
    pass

# Three or more handlers.
try:
    do_some_stuff()
except ValueError:
    do_some_stuff()
except KeyError:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except Exception:
    pass

# Exception in parentheses is still the name `Exception` to Bandit; `as` binds a name.
try:
    do_some_stuff()
# ruleid: bandit-b110-try-except-pass
except (Exception) as error:
    pass

# A name that starts with Exception is another type.
try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except ExceptionGroup:
    pass

# `pass` after a statement on the same line is not `pass` alone.
try:
    do_some_stuff()
# ok: bandit-b110-try-except-pass
except Exception: do_some_stuff(); pass
