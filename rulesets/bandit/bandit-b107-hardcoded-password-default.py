# ruleid: bandit-b107-hardcoded-password-default
def someFunction(user, password="Admin"):
    print("Hi " + user)


# ruleid: bandit-b107-hardcoded-password-default
def connect(host, port=22, user=None, db_passwd="hunter2"):
    return host, port, user, db_passwd


class Client:
    # ruleid: bandit-b107-hardcoded-password-default
    def __init__(self, url, API_TOKEN='abc123', timeout=10):
        self.url = url

    @staticmethod
    # ruleid: bandit-b107-hardcoded-password-default
    def login(
        user,
        secret_key="",
    ):
        return user


# ruleid: bandit-b107-hardcoded-password-default
def typed(user: str, token: str = "t0k3n"):
    return user


# Bandit 1.6.2 misses this: its visitor runs FunctionDef checks only, not AsyncFunctionDef.
# ruleid: bandit-b107-hardcoded-password-default
async def fetch(url, password="Admin"):
    return url


# ok: bandit-b107-hardcoded-password-default
def no_default(user, password):
    return user


# ok: bandit-b107-hardcoded-password-default
def none_default(user, password=None):
    return user


# ok: bandit-b107-hardcoded-password-default
def computed_default(user, password=DEFAULT_PASSWORD):
    return user


# Names that only contain the word are not candidates: passwords, token_pattern_x, my_pass.
# ok: bandit-b107-hardcoded-password-default
def not_candidates(passwords="x", tokenizer="y", compass="z"):
    return passwords


# Bandit reads positional parameters only (args.args): keyword-only ones are not checked.
# ok: bandit-b107-hardcoded-password-default
def keyword_only(user, *, password="Admin"):
    return user


# ok: bandit-b107-hardcoded-password-default
def after_args(*args, token="abc"):
    return args


# Bandit checks str defaults only (a str constant): not bytes.
# ok: bandit-b107-hardcoded-password-default
def bytes_default(user, password=b"Admin"):
    return user


# A lambda is not a function definition for Bandit either.
# ok: bandit-b107-hardcoded-password-default
check = lambda password="Admin": password
