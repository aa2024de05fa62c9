from .fetch import download


def normalize(text):
    return text.replace("\r\n", "\n").strip() + "\n"


def prepare(url):
    return normalize(download(url))


def checked(url):
    text = prepare(url)
    # The code is compiled from a constant; the download is only compared.
    # ok: py-flow-download-to-exec
    return compile("pass", "<check>", "exec") if text else None
