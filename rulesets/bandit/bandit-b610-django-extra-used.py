# Tests for bandit-b610-django-extra-used (Bandit B610).
from django.contrib.auth.models import User

# Bandit's own examples.
# ok: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(
    select={'test': 'secure'},
    where=['secure'],
    tables=['secure']
)
# ok: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra({'test': 'secure'})
# ok: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(select={'test': 'secure'})
# ok: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(where=['secure'])

# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(dict(could_be='insecure'))
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(select=dict(could_be='insecure'))
query = '"username") AS "username", * FROM "auth_user" WHERE 1=1 OR "username"=? --'
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(select={'test': query})
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(select={'test': '%secure' % 'nos'})
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(select={'test': '{}secure'.format('nos')})

where_var = ['1=1) OR 1=1 AND (1=1']
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(where=where_var)
where_str = '1=1) OR 1=1 AND (1=1'
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(where=[where_str])
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(where=['%secure' % 'nos'])
# ruleid: bandit-b610-django-extra-used
User.objects.filter(username='admin').extra(where=['{}secure'.format('no')])

tables_var = ['django_content_type" WHERE "auth_user"."username"="admin']
# ruleid: bandit-b610-django-extra-used
User.objects.all().extra(tables=tables_var).distinct()
tables_str = 'django_content_type" WHERE "auth_user"."username"="admin'
# ruleid: bandit-b610-django-extra-used
User.objects.all().extra(tables=[tables_str]).distinct()


def positional(qs, cond, table, select):
    # where is the second positional argument, tables the fourth.
    # ruleid: bandit-b610-django-extra-used
    a = qs.extra(None, [cond])
    # ruleid: bandit-b610-django-extra-used
    b = qs.extra({'a': 'b'}, ['x = 1'], None, [table])
    # ruleid: bandit-b610-django-extra-used
    c = qs.extra(select)
    # ok: bandit-b610-django-extra-used
    d = qs.extra({'a': 'b'}, ['x = 1'], [], ['t'])
    # ok: bandit-b610-django-extra-used
    e = qs.extra(
        select={
            # a comment
            'is_recent': "pub_date > '2006-01-01'",
            'n': 'SELECT COUNT(*) ' 'FROM t',
        },
        where=[
            "x = %s",
        ],
        params=[cond],
        order_by=[table],
    )
    # params=, select_params= and order_by= are not checked.
    # ok: bandit-b610-django-extra-used
    f = qs.extra(where=['x = %s'], params=[cond], order_by=[table])
    # ruleid: bandit-b610-django-extra-used
    g = qs.extra(
        where=['x = %s'],
        tables=[table],
    )
    # A bare extra() is a call named extra too.
    # ruleid: bandit-b610-django-extra-used
    h = extra(where=cond)
    # ok: bandit-b610-django-extra-used
    i = qs.extra()
    # ok: bandit-b610-django-extra-used
    j = qs.extra(select={})
    return a, b, c, d, e, f, g, h, i, j


def forwarded(qs, args, kwargs):
    # A *args first argument is not a dict of literals.
    # ruleid: bandit-b610-django-extra-used
    a = qs.extra(*args)
    # Bandit does not look into **kwargs.
    # ok: bandit-b610-django-extra-used
    b = qs.extra(**kwargs)
    return a, b


def look_alikes(parser, qs, cond):
    # ok: bandit-b610-django-extra-used
    parser.extras(where=cond)
    # ok: bandit-b610-django-extra-used
    qs.filter(extra=cond)
