from django.http import HttpResponse
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/lang")
def lang():
    resp = make_response("ok")
    # ruleid: py-header-injection
    resp.headers["Content-Language"] = request.args["lang"]
    return resp


@app.route("/dl")
def download_name():
    resp = make_response(b"data")
    # ruleid: py-header-injection
    resp.headers.add("Content-Disposition", "attachment; filename=" + request.args["name"])
    return resp


def django_view(request):
    response = HttpResponse("ok")
    # ruleid: py-header-injection
    response.headers["X-Trace"] = request.GET.get("trace", "")
    return response


# ---- negatives ----


@app.route("/lang2")
def lang_clean():
    value = request.args["lang"].replace("\r", "").replace("\n", "")
    resp = make_response("ok")
    # ok: py-header-injection
    resp.headers["Content-Language"] = value
    return resp


@app.route("/count")
def count():
    resp = make_response("ok")
    # ok: py-header-injection
    resp.headers["X-Count"] = str(int(request.args["n"]))
    return resp


@app.route("/static")
def static_header():
    resp = make_response("ok")
    # ok: py-header-injection
    resp.headers["Cache-Control"] = "no-store"
    return resp
