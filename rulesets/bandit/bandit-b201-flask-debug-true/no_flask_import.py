# Bandit reports nothing in this file: nothing it imports has "flask" in its name, and Bandit
# checks that before the call. The rule language has no file-level condition.
import threading

server = threading.Thread()
# todook: bandit-b201-flask-debug-true
server.run(debug=True)
