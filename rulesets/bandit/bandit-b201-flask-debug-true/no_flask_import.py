# Bandit reports nothing in this file: nothing it imports has "flask" in its name, and Bandit
# checks that before the call; nor does the rule (`imports [*flask*, *flask*.*]`).
import threading

server = threading.Thread()
# ok: bandit-b201-flask-debug-true
server.run(debug=True)
