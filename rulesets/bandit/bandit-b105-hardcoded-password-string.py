# Bandit 1.6.2 on Python >= 3.8 reports none of these (string literals are ast.Constant, which
# its visitor does not hand to the Str checks); the annotations follow Bandit 1.8's plugin.


class Config:
    pass


def check(password, user, d, obj):
    # ruleid: bandit-b105-hardcoded-password-string
    if password == "root":
        return True
    # ruleid: bandit-b105-hardcoded-password-string
    if obj.api_token != "":
        return True
    # ruleid: bandit-b105-hardcoded-password-string
    if password is not "x":
        return True
    # ruleid: bandit-b105-hardcoded-password-string
    if password in "abc":
        return True
    # The literal must be the first right-hand operand, the candidate the left one.
    # ok: bandit-b105-hardcoded-password-string
    if "root" == password:
        return True
    # ok: bandit-b105-hardcoded-password-string
    if user == "root":
        return True
    # ok: bandit-b105-hardcoded-password-string
    if password == b"root":
        return True
    # ok: bandit-b105-hardcoded-password-string
    if password in ("a", "b"):
        return True
    return False


# ruleid: bandit-b105-hardcoded-password-string
password = "blerg"
# ruleid: bandit-b105-hardcoded-password-string
DB_PASSWORD = 'blerg'
# A name that merely starts with a candidate word and "_" is one (Bandit's ^token_).
# ruleid: bandit-b105-hardcoded-password-string
token_type = "bearer"
# ruleid: bandit-b105-hardcoded-password-string
secret = ""
# ruleid: bandit-b105-hardcoded-password-string
Config.passwd = "blerg"
# ruleid: bandit-b105-hardcoded-password-string
Config.settings.client_secret = r"blerg"
# Every target of a chained assignment is a candidate.
# ruleid: bandit-b105-hardcoded-password-string
user = pwd = "blerg"
# ruleid: bandit-b105-hardcoded-password-string
passphrase = user = "blerg"
# ruleid: bandit-b105-hardcoded-password-string
a = b = passphrase = c = "blerg"
# Reported at the literal, as Bandit does.
SECRET_KEY = (
    # ruleid: bandit-b105-hardcoded-password-string
    "implicitly "
    "concatenated"
)
# ruleid: bandit-b105-hardcoded-password-string
session_token = "abc" 'def'
# A dict item assigned a string, whose key looks like a password: reported at the key.
settings = {}
# ruleid: bandit-b105-hardcoded-password-string
settings["password"] = "blerg"
# ruleid: bandit-b105-hardcoded-password-string
settings["db_password"] = settings["user"] = "blerg"
# ok: bandit-b105-hardcoded-password-string
settings["password"] = compute()
# ok: bandit-b105-hardcoded-password-string
value = settings["password"]
# ok: bandit-b105-hardcoded-password-string
settings["user"] = "blerg"
# Not candidates: the word without a "_" boundary, or not the whole name.
# ok: bandit-b105-hardcoded-password-string
passwords = "blerg"
# ok: bandit-b105-hardcoded-password-string
tokenizer = "bert"
# ok: bandit-b105-hardcoded-password-string
compass = "north"
# Bytes, f-strings, non-str values and other shapes are not checked by Bandit.
# ok: bandit-b105-hardcoded-password-string
password = b"blerg"
# ok: bandit-b105-hardcoded-password-string
password = f"{user}:blerg"
# ok: bandit-b105-hardcoded-password-string
password = f"blerg"
# ok: bandit-b105-hardcoded-password-string
password = None
# ok: bandit-b105-hardcoded-password-string
password = get_password("blerg")
# ok: bandit-b105-hardcoded-password-string
password = "a" if user else "b"
# ok: bandit-b105-hardcoded-password-string
user, password = "ab"
# ok: bandit-b105-hardcoded-password-string
password += "blerg"
# Annotated assignments are not ast.Assign (Bandit 1.8 does not check them; Ruff's S105 does).
# ok: bandit-b105-hardcoded-password-string
password: str = "blerg"
# A keyword argument is B106, a parameter default B107.
# ok: bandit-b105-hardcoded-password-string
connect(password="blerg")
# A parenthesized string is the same ast.Constant to Bandit.
# ruleid: bandit-b105-hardcoded-password-string
password = ("blerg")
# ruleid: bandit-b105-hardcoded-password-string
settings["api_token"] = ("blerg")
# ok: bandit-b105-hardcoded-password-string
password = (get_password("blerg"))
# ok: bandit-b105-hardcoded-password-string
password = ("a", "b")
# A concatenation with an f-string part is an ast.JoinedStr to Bandit, not a str constant.
# ok: bandit-b105-hardcoded-password-string
password = "a" f"b"

# A dict key that looks like a password with a constant value (Bandit 1.9.3), any constant:
# reported at the key.
# ruleid: bandit-b105-hardcoded-password-string (severity: low, confidence: medium)
CONFIG = {"user": "admin", "password": "hunter2"}
FLAGS = {
    # ruleid: bandit-b105-hardcoded-password-string
    "HAVE_STRUCT_PASSWD_PW_GECOS": 1,
    # ok: bandit-b105-hardcoded-password-string
    "HAVE_GETPWNAM": 1,
    # ruleid: bandit-b105-hardcoded-password-string
    "api_token": None,
}
# A value that is not a constant, a key that is not a candidate, a candidate as a value.
# ok: bandit-b105-hardcoded-password-string
SETTINGS = {"password": read_secret(), "token": ("a", "b"), "tokens": "x", "user": "password"}
