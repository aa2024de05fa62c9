import builtins

# ruleid: bandit-b102-exec-used
exec("do evil")
# ruleid: bandit-b102-exec-used
exec(compile(source, "<string>", "exec"), namespace)
code = "print(1)"
# ruleid: bandit-b102-exec-used
exec(
    code,
    {},
)
# ruleid: bandit-b102-exec-used
result = [exec(c) for c in snippets]

# Bandit 1.6.2 misses these: it compares the call's name with "exec" as written.
# ruleid: bandit-b102-exec-used
builtins.exec("do evil")
run = exec
# ruleid: bandit-b102-exec-used
run("do evil")


class Cursor:
    def exec(self, sql):
        return sql


# A method named exec is not the builtin.
# ok: bandit-b102-exec-used
Cursor().exec("select 1")
# ok: bandit-b102-exec-used
eval("1 + 1")
# ok: bandit-b102-exec-used
print("exec(x)")
