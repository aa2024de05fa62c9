# Tests for bandit-b612-logging-config-insecure-listen (Bandit 1.8 B612).
import logging.config
import logging.config as logcfg
from logging.config import listen
from logging.config import listen as start_listener
from logging import config


def verify_signature(data):
    return data


# ruleid: bandit-b612-logging-config-insecure-listen
t = logging.config.listen(9999)

# ruleid: bandit-b612-logging-config-insecure-listen
t = logging.config.listen()

# ruleid: bandit-b612-logging-config-insecure-listen
t = logcfg.listen(port=9999)

# ruleid: bandit-b612-logging-config-insecure-listen
t = listen(9999)

# ruleid: bandit-b612-logging-config-insecure-listen
t = start_listener(9999)

# ruleid: bandit-b612-logging-config-insecure-listen
t = config.listen(9999)

# ruleid: bandit-b612-logging-config-insecure-listen
t = logging.config.listen(
    port=9999,
)

# ok: bandit-b612-logging-config-insecure-listen
t = logging.config.listen(9999, verify=verify_signature)

# ok: bandit-b612-logging-config-insecure-listen
t = listen(verify=verify_signature)

# The second positional argument is verify. Bandit 1.8 flags this: it looks at keywords only.
# ok: bandit-b612-logging-config-insecure-listen
t = logging.config.listen(9999, verify_signature)

# Other listen() functions are not logging's.
# ok: bandit-b612-logging-config-insecure-listen
server.listen(5)

# ok: bandit-b612-logging-config-insecure-listen
logging.config.stopListening()
