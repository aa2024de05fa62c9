import builtins
import logging


def do_some_stuff():
    return 1


for i in range(3):
    try:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except:
        continue

    try:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except Exception:
        continue

    try:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except Exception as exc:
        continue

    try:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except Exception: continue

    try:
        do_some_stuff()
    except ValueError:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except Exception:
        # a comment
        continue
    else:
        do_some_stuff()

    try:
        try:
            do_some_stuff()
        # ok: bandit-b112-try-except-continue
        except KeyError:
            continue
    # ruleid: bandit-b112-try-except-continue
    except:
        continue
    finally:
        do_some_stuff()

    # The check_typed_exception default: a specific exception type is allowed.
    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except ZeroDivisionError:
        continue

    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except (Exception, OSError):
        continue

    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except builtins.Exception:
        continue

    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except Exception:
        logging.exception("skipping")
        continue

    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except Exception:
        pass

    try:
        do_some_stuff()
    # ok: bandit-b112-try-except-continue
    except Exception:
        break

    # A bare except after a typed handler.
    try:
        do_some_stuff()
    except ValueError:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except:
        continue

    # Three or more handlers.
    try:
        do_some_stuff()
    except ValueError:
        do_some_stuff()
    except KeyError:
        do_some_stuff()
    # ruleid: bandit-b112-try-except-continue
    except Exception:
        continue
