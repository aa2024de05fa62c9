import flask
from flask import Flask

app = Flask(__name__)


def main(settings):
    # ruleid: bandit-b201-flask-debug-true
    app.run(debug=True)
    # ruleid: bandit-b201-flask-debug-true
    app.run("0.0.0.0", 8080, debug=True, use_reloader=False)
    app.run(
        host="127.0.0.1",
        # ruleid: bandit-b201-flask-debug-true
        debug=True,
    )
    # ruleid: bandit-b201-flask-debug-true
    settings.app.run(debug=True)
    # ruleid: bandit-b201-flask-debug-true
    flask.Flask(__name__).run(debug=True)
    # Bandit compares the literal's text: the string "True" counts too.
    # ruleid: bandit-b201-flask-debug-true
    app.run(debug="True")
    # ok: bandit-b201-flask-debug-true
    app.run()
    # ok: bandit-b201-flask-debug-true
    app.run(debug=False)
    # ok: bandit-b201-flask-debug-true
    app.run(debug=settings.DEBUG)
    # ok: bandit-b201-flask-debug-true
    app.run(debug=1)
    # ok: bandit-b201-flask-debug-true
    app.start(debug=True)
    # A bare run() is not a method call (Bandit: the name must end in ".run").
    # ok: bandit-b201-flask-debug-true
    run(debug=True)
    # ok: bandit-b201-flask-debug-true
    app.run(True)
