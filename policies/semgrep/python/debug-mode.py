import os

from fastapi import FastAPI
from flask import Flask
from werkzeug.serving import run_simple

app = Flask(__name__)

# ruleid: py-debug-mode
app.config["DEBUG"] = True

# ruleid: py-debug-mode
app.debug = True

# ruleid: py-debug-mode
api = FastAPI(title="orders", debug=True)


def serve():
    # ruleid: py-debug-mode
    run_simple("0.0.0.0", 8000, app, use_debugger=True, use_reloader=True)


# Django settings module
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ruleid: py-debug-mode
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]

if __name__ == "__main__":
    # ruleid: py-debug-mode
    app.run(host="0.0.0.0", debug=True)


# ---- negatives ----

# ok: py-debug-mode
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"


def serve_prod():
    # ok: py-debug-mode
    app.run(host="0.0.0.0", port=8080)


def serve_env():
    # ok: py-debug-mode
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


class Parser:
    def __init__(self):
        # ok: py-debug-mode
        self.debug = True


# ok: py-debug-mode
api_prod = FastAPI(title="orders")
