import requests


def doLogin(**kwargs):
    return kwargs


# ruleid: bandit-b106-hardcoded-password-funcarg
doLogin(password="blerg")
# ruleid: bandit-b106-hardcoded-password-funcarg
doLogin("user", timeout=3, api_token="blerg")
# ruleid: bandit-b106-hardcoded-password-funcarg
session = requests.Session().post(
    "https://example.invalid",
    data={},
    DB_PASSWORD='s3cret',
)
# ruleid: bandit-b106-hardcoded-password-funcarg
doLogin(passphrase="correct horse")
# ruleid: bandit-b106-hardcoded-password-funcarg
result = doLogin(pwd="")
# The call inside is flagged, not the outer one.
# ruleid: bandit-b106-hardcoded-password-funcarg
print(doLogin(secret="x"), doLogin(user="u"))
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(password=password_from_env)
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(password=None)
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(password=f"{user}-x")
# Names that only contain the word are not candidates.
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(passwords="x", tokenizer="y", compass="z")
# A name starting with "token_" is one (Bandit's ^token_).
# ruleid: bandit-b106-hardcoded-password-funcarg
doLogin(token_pattern="z")
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(**{"password": "blerg"})
# ok: bandit-b106-hardcoded-password-funcarg
doLogin("password", "blerg")
# Bandit checks str values only (a str constant): not bytes.
# ok: bandit-b106-hardcoded-password-funcarg
doLogin(password=b"blerg")
