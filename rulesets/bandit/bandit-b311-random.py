import random
import random as random_module
from random import random as rand
from random import choice, randint
import secrets
import numpy as np

# ruleid: bandit-b311-random
random.random()
# ruleid: bandit-b311-random
random.randrange(10000000)
# ruleid: bandit-b311-random
random.randint(4096, 65535)
# ruleid: bandit-b311-random
random.choice("abc")
# ruleid: bandit-b311-random
random.uniform(0, 0.1)
# ruleid: bandit-b311-random
random.triangular(0, 1, 0.5)
# ruleid: bandit-b311-random
random_module.choice(value)
# ruleid: bandit-b311-random
v = -rand()
# ruleid: bandit-b311-random
choice(words)
# ruleid: bandit-b311-random
randint(1, 6)


def multiline(shape):
    # ruleid: bandit-b311-random
    return random.randint(
        0,
        shape - 1,
    )


# Two calls on one line are two findings.
# ruleid: bandit-b311-random
sections = [random.randint(3, 12) for i in range(random.randint(1, 5))]

# Added to Bandit's list after 1.6.2: the Random class, choices, sample, getrandbits, randbytes.
# ruleid: bandit-b311-random
random.sample(words, 3)
# ruleid: bandit-b311-random
random.choices(words, k=2)
# ruleid: bandit-b311-random
rng = random.Random(42)
# ruleid: bandit-b311-random
random.getrandbits(48)
# ruleid: bandit-b311-random
random.randbytes(16)
# Methods of an instance are not the module's functions (Bandit reports the constructor).
# ok: bandit-b311-random
rng.randint(1, 6)
# ok: bandit-b311-random
random.shuffle(words)
# ok: bandit-b311-random
random.seed(0)
# The cryptographic alternatives.
# ok: bandit-b311-random
secrets.choice(words)
# ok: bandit-b311-random
secrets.token_hex(16)
# numpy's generator is not the random module.
# ok: bandit-b311-random
np.random.choice(10)
# ok: bandit-b311-random
np.random.randint(0, 10)

# Bandit 1.6.2 misses this: it does not follow `pick = random.choice` assignments.
pick = random.choice
# ruleid: bandit-b311-random
pick(words)


def local_generator(seed):
    random = np.random.RandomState(seed)
    # Bandit 1.6.2 flags this: it takes the local variable `random` for the module.
    # ok: bandit-b311-random
    return random.choice(10)


def used_before_import():
    # Bandit 1.6.2 misses this: it resolves names with the imports it has seen so far in the
    # file, and `triangular` is imported below this function.
    # ruleid: bandit-b311-random
    return triangular(0, 1)


from random import triangular  # noqa: E402
