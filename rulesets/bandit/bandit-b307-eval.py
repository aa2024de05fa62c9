import ast
import builtins

# ruleid: bandit-b307-eval
eval(user_input)
# Bandit flags eval of anything, a literal too.
# ruleid: bandit-b307-eval
eval("1 + 2")
# ruleid: bandit-b307-eval
value = eval(expr, {"__builtins__": {}}, {})
# ruleid: bandit-b307-eval
doc = eval(key).__doc__
# ruleid: bandit-b307-eval
handler = eval("h%d" % (p + 1))


def multiline(arg, frame):
    # ruleid: bandit-b307-eval
    return eval(
        arg,
        frame.f_globals,
        frame.f_locals,
    )


# ruleid: bandit-b307-eval
metric = dict(metric=eval(name), other=1)
# ruleid: bandit-b307-eval
f = lambda s: eval(s)

# The safe alternative.
# ok: bandit-b307-eval
ast.literal_eval(user_input)


class Model:
    def eval(self):
        return self


# Calling a model's eval() method is not the builtin.
# ok: bandit-b307-eval
Model().eval()
# ok: bandit-b307-eval
model.eval()
# ok: bandit-b307-eval
torch.nn.Module.eval(model)

# Bandit 1.6.2 misses this: `builtins.eval` is the builtin by another name.
# ruleid: bandit-b307-eval
builtins.eval(source)
# Bandit 1.6.2 misses this: it does not follow `e = eval` assignments.
e = eval
# ruleid: bandit-b307-eval
e(source)


def shadowing_module():
    # A local function named eval shadows the builtin.
    def eval(x):
        return x

    # Bandit 1.6.2 flags this: it does not see that `eval` is the local function.
    # ok: bandit-b307-eval
    return eval(1)
