def check(logged_in, path, shape):
    # ruleid: bandit-b101-assert-used
    assert logged_in
    # ruleid: bandit-b101-assert-used
    assert path.endswith(".safetensors"), "not a safetensors file"
    # ruleid: bandit-b101-assert-used
    assert (
        shape[0] == 3
    ), f"bad shape {shape}"
    if shape:
        # ruleid: bandit-b101-assert-used
        assert len(shape) < 5; print(shape)
    # ok: bandit-b101-assert-used
    print("assert logged_in")


class Case:
    def assertEqual(self, a, b):
        return a == b

    def test(self):
        # A method named like an assert is not an assert statement.
        # ok: bandit-b101-assert-used
        self.assertEqual(1, 1)


# ruleid: bandit-b101-assert-used
assert True  # module level

# A suppressed line is dropped by both tools.
# ok: bandit-b101-assert-used
assert check  # nosec
