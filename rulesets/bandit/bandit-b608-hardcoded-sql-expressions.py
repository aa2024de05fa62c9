# Bandit 1.6.2 never runs B608 on Python 3.8 or later (its visitor has no visit_Constant, so
# string checks never fire). The ruleid lines below are what it reports with that one visitor
# method added, as Bandit 1.7+ does (benchmarks/bandit_str_fix.py).
import sqlalchemy


def bad(identifier, value, val, cur):
    # ruleid: bandit-b608-hardcoded-sql-expressions (severity: medium, confidence: low)
    query = "SELECT * FROM foo WHERE id = '%s'" % identifier
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "INSERT INTO foo VALUES ('a', 'b', '%s')" % value
    # VALUES( without a space (Bandit 1.9.3).
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "INSERT INTO foo VALUES('a', '%s')" % value
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "DELETE FROM foo WHERE id = '%s'" % identifier
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "UPDATE foo SET value = 'b' WHERE id = '%s'" % identifier
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = """WITH cte AS (SELECT x FROM foo)
SELECT x FROM cte WHERE x = '%s'""" % identifier
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "SELECT * FROM foo WHERE id = '" + identifier + "'"
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "SELECT * FROM foo WHERE id = '{}'".format(identifier)
    # The string parts of a chain are tested together.
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "SELECT " + val + " FROM " + val + " WHERE id = " + val
    # Passed straight to execute or executemany: confidence medium.
    # ruleid: bandit-b608-hardcoded-sql-expressions (severity: medium, confidence: medium)
    cur.execute("SELECT * FROM foo WHERE id = '%s'" % identifier)
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: medium)
    cur.executemany("SELECT * FROM foo WHERE id = '" + identifier + "'")
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: medium)
    cur.execute("SELECT " + val + " FROM " + val + " WHERE id = " + val)
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: medium)
    cur.execute("SELECT * FROM foo WHERE id = '{}'".format(identifier))
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: medium)
    cur.execute(f"SELECT * FROM foo WHERE id = {identifier}")
    # str.replace stays low, inside execute too.
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: low)
    cur.execute("DELETE FROM foo WHERE id = ID".replace("ID", identifier))
    # Built first, then passed: low (Bandit looks at the string's own parent only).
    # ruleid: bandit-b608-hardcoded-sql-expressions (confidence: low)
    query = "SELECT * FROM foo WHERE id = '%s'" % identifier
    # ok: bandit-b608-hardcoded-sql-expressions
    cur.execute(query)
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = f"SELECT * FROM foo WHERE id = {identifier}"
    query = (
        # ruleid: bandit-b608-hardcoded-sql-expressions
        "SELECT a, b "
        "FROM foo "
        "WHERE id = %s" % identifier
    )
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = (val
             + " UPDATE foo SET x = 1 WHERE id = " + identifier)
    return query


def a():
    def b():
        pass
    return b


def called_result(val):
    # ruleid: bandit-b608-hardcoded-sql-expressions
    a()("SELECT %s FROM foo" % val)


def bandit_1_8(identifier, cols, table):
    # Bandit 1.6.2 misses this: it tests each constant part of an f-string alone; 1.8 joins them.
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = f"SELECT {cols} FROM {table}"
    # Bandit 1.6.2 misses this: str.replace was added to B608 in Bandit 1.7.
    # ruleid: bandit-b608-hardcoded-sql-expressions
    query = "DELETE FROM foo WHERE id = ID".replace("ID", identifier)
    return query


def good(cur, identifier, value, _):
    # ok: bandit-b608-hardcoded-sql-expressions
    cur.execute("SELECT * FROM foo WHERE id = '%s'", identifier)
    # ok: bandit-b608-hardcoded-sql-expressions
    cur.execute("INSERT INTO foo VALUES ('a', 'b', '%s')", value)
    # ok: bandit-b608-hardcoded-sql-expressions
    cur.execute("DELETE FROM foo WHERE id = '%s'", identifier)
    # ok: bandit-b608-hardcoded-sql-expressions
    cur.execute("UPDATE foo SET value = 'b' WHERE id = '%s'", identifier)
    # A constant query is not built at run time.
    # ok: bandit-b608-hardcoded-sql-expressions
    query = "SELECT * FROM foo"
    # ok: bandit-b608-hardcoded-sql-expressions
    query = "SELECT * " "FROM foo"
    # ok: bandit-b608-hardcoded-sql-expressions
    query = "a %s b" % identifier
    # Not SQL: "select" without "from".
    # ok: bandit-b608-hardcoded-sql-expressions
    query = "Please select one of " + ", ".join(value)
    # Real-world look-alikes that are not built strings.
    # ok: bandit-b608-hardcoded-sql-expressions
    choices = [("server_list", _("Select from active instances"))]
    # ok: bandit-b608-hardcoded-sql-expressions
    print("delete from the cache as the first argument")
    return query, choices


def differences(table, val):
    # Warden tests the source text of the whole chain; Bandit only its string parts, and a
    # name is not one.
    # todook: bandit-b608-hardcoded-sql-expressions
    query = select + " from " + table
    # English text built with + is reported by both tools.
    # ruleid: bandit-b608-hardcoded-sql-expressions
    message = "Please select a file from " + val
    return query, message
