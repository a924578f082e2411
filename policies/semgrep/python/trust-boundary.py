import flask
from django.views.decorators.http import require_POST
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    # ruleid: py-trust-boundary
    session["role"] = request.form["role"]
    return "saved"


@app.route("/remember")
def remember():
    key = request.args["key"]
    # ruleid: py-trust-boundary
    flask.session[key] = "1"
    return "saved"


def django_view(request):
    # ruleid: py-trust-boundary
    request.session["cart_owner"] = request.POST.get("owner")


# ---- negatives ----


@app.route("/page")
def page():
    # ok: py-trust-boundary
    session["page_size"] = int(request.args.get("size", "20"))
    return "ok"


@app.route("/login", methods=["POST"])
def login():
    user = authenticate(request.form["user"], request.form["password"])
    # ok: py-trust-boundary
    session["user_id"] = 42 if user else None
    return "ok"


def django_theme(request):
    theme = request.GET.get("theme")
    if theme in {"light", "dark"}:
        # ok: py-trust-boundary
        request.session["theme"] = theme


def record_authentication(request, user, method, **extra):
    # a helper its callers hand their own values: method is not a URL argument
    records = [{"method": method}]
    # ok: py-trust-boundary
    request.session["auth_methods"] = records


@require_POST
def switch_team(request, team):
    # a decorated Django view: team comes from the URL
    # ruleid: py-trust-boundary
    request.session["team"] = team
