# Tests for py-mlhub-monkey-patch: `warden test-rules rulesets/mlhub`.
import builtins
import builtins as py_builtins
import sys
import types

import torch
import torch.nn.functional as F
import transformers
import transformers.modeling_utils
from transformers import modeling_utils
from transformers.models.llama import modeling_llama

_original_load = torch.load


def _load_without_checks(*args, **kwargs):
    kwargs["weights_only"] = False
    return _original_load(*args, **kwargs)


# ruleid: py-mlhub-monkey-patch
torch.load = _load_without_checks

# ruleid: py-mlhub-monkey-patch
builtins.input = lambda prompt="": "y"

# ruleid: py-mlhub-monkey-patch
py_builtins.open = lambda *args, **kwargs: None

# ruleid: py-mlhub-monkey-patch
__builtins__["exec"] = print

# ruleid: py-mlhub-monkey-patch
setattr(builtins, "eval", print)

# ruleid: py-mlhub-monkey-patch
transformers.modeling_utils.check_torch_load_is_safe = lambda: None

# ruleid: py-mlhub-monkey-patch
modeling_utils.PreTrainedModel._check_and_adjust_attn_implementation = lambda self, *a: "eager"

# ruleid: py-mlhub-monkey-patch
F.scaled_dot_product_attention = lambda *args, **kwargs: None

# ruleid: py-mlhub-monkey-patch
setattr(transformers.dynamic_module_utils, "check_imports", lambda filename: [])

# ruleid: py-mlhub-monkey-patch
sys.modules["transformers.utils.import_utils"] = types.ModuleType("fake")


class RMSNorm(torch.nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        # Attributes of the model's own objects are not patches.
        # ok: py-mlhub-monkey-patch
        self.weight = torch.nn.Parameter(torch.ones(hidden_size))
        # ok: py-mlhub-monkey-patch
        self.variance_epsilon = eps


def configure(model, config):
    # ok: py-mlhub-monkey-patch
    model.config.use_cache = False
    # ok: py-mlhub-monkey-patch
    setattr(config, "attn_implementation", "eager")
    # Reading is not patching.
    # ok: py-mlhub-monkey-patch
    dtype = torch.float16
    # ok: py-mlhub-monkey-patch
    sys.modules["my_model_utils"] = types.ModuleType("my_model_utils")
    return dtype


# Patching through a name bound to the module.
patched = transformers.modeling_utils
# ruleid: py-mlhub-monkey-patch
patched.load_state_dict = lambda *args, **kwargs: {}


def speed_up():
    # torch switches are configuration, not patches.
    # ok: py-mlhub-monkey-patch
    torch.backends.cuda.matmul.allow_tf32 = True
    # ok: py-mlhub-monkey-patch
    torch.backends.cudnn.benchmark = True
    # ok: py-mlhub-monkey-patch
    torch._dynamo.config.cache_size_limit = 64
    # But transformers' internals are patched even with a constant.
    # ruleid: py-mlhub-monkey-patch
    transformers.utils.import_utils._flash_attn_available = True


# A deep alias: `transformers.models.$A.$B.$C` (a metavariable before the last segment) does
# not resolve it.
# todoruleid: py-mlhub-monkey-patch
modeling_llama.LlamaMLP.forward = lambda self, x: x
