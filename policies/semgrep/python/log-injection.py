import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: py-log-injection
    logger.info(f"login attempt for {user}")
    return "ok"


@app.route("/search")
def search():
    # ruleid: py-log-injection
    logging.warning("search: %s" % request.args["q"])
    return "ok"


def django_view(request):
    # ruleid: py-log-injection
    logger.error("bad referer " + request.META.get("HTTP_REFERER", ""))


# ---- negatives ----


@app.route("/login2", methods=["POST"])
def login_args():
    # ok: py-log-injection
    logger.info("login attempt for %r", request.form["user"])
    return "ok"


@app.route("/page")
def page():
    n = int(request.args.get("page", "1"))
    # ok: py-log-injection
    logger.info(f"page {n} requested")
    return "ok"


def startup(port):
    # ok: py-log-injection
    logger.info(f"listening on {port}")
