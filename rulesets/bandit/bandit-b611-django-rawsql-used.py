# Tests for bandit-b611-django-rawsql-used (Bandit B611).
from django.db import models
from django.db.models import RawSQL
from django.db.models.expressions import RawSQL as Raw
from django.db.models.expressions import OrderBy


def annotate(qs, table, col, params, extra):
    # Bandit's own examples.
    # ok: bandit-b611-django-rawsql-used
    qs.annotate(val=RawSQL("secure", []))
    # ruleid: bandit-b611-django-rawsql-used
    qs.annotate(val=RawSQL("%secure" % "nos", []))
    # ruleid: bandit-b611-django-rawsql-used
    qs.annotate(val=RawSQL("{}secure".format("no"), []))
    raw = '"username") AS "val" FROM "auth_user" WHERE "username"="admin" --'
    # ruleid: bandit-b611-django-rawsql-used
    qs.annotate(val=RawSQL(raw, []))

    # ruleid: bandit-b611-django-rawsql-used
    a = models.RawSQL("%s.%s" % (table, col), [])
    # ruleid: bandit-b611-django-rawsql-used
    b = Raw(f"SELECT {col} FROM t", ())
    # ruleid: bandit-b611-django-rawsql-used
    c = OrderBy(RawSQL(*extra[col]), descending=True)
    # ruleid: bandit-b611-django-rawsql-used
    d = RawSQL(
        "SELECT * FROM (" + table + ") subquery",
        params,
    )
    # ok: bandit-b611-django-rawsql-used
    e = RawSQL("SELECT id FROM t WHERE name = %s", params)
    # ok: bandit-b611-django-rawsql-used
    f = Raw("SELECT id FROM t " "WHERE name = %s", params)
    # Bandit 1.6.2 misses this: it reads only the first positional argument (and fails on a
    # call without one); Bandit 1.8 reads sql= too.
    # ruleid: bandit-b611-django-rawsql-used
    g = RawSQL(sql=table, params=params)
    # ok: bandit-b611-django-rawsql-used
    h = RawSQL(sql="SELECT 1", params=())
    return a, b, c, d, e, f, g, h


class RawSQL2:
    def __init__(self, sql, params):
        self.sql = sql


def other(table):
    # ok: bandit-b611-django-rawsql-used
    return RawSQL2(table, [])
