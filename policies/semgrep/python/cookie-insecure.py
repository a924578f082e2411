from django.http import HttpResponse
from flask import Flask, make_response
from starlette.responses import JSONResponse

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("ok")
    # ruleid: py-cookie-insecure
    resp.set_cookie("session_id", new_session())
    return resp


@app.route("/remember")
def remember():
    resp = make_response("ok")
    # ruleid: py-cookie-insecure
    resp.set_cookie("remember_token", "tok", httponly=True)
    return resp


def django_view(request):
    response = HttpResponse("hi")
    # ruleid: py-cookie-insecure
    response.set_cookie("sid", request.session.session_key, secure=True, httponly=False)
    return response


def by_value(response, cookie_name, auth_token):
    # ruleid: py-cookie-insecure
    response.set_cookie(cookie_name, auth_token, secure=True)


async def starlette_endpoint(request):
    response = JSONResponse({"ok": True})
    # ruleid: py-cookie-insecure
    response.set_cookie(key="access_token", value="t", secure=False, httponly=True, samesite="lax")
    return response


def explicit_insecure(response, name, value):
    # any cookie with Secure switched off
    # ruleid: py-cookie-insecure
    response.set_cookie(name, value, path="/", secure=False, httponly=True)


def signed(request):
    response = HttpResponse()
    # ruleid: py-cookie-insecure
    response.set_signed_cookie("auth", "42", secure=True)
    return response


# Django settings.py
# ruleid: py-cookie-insecure
SESSION_COOKIE_SECURE = False
# ruleid: py-cookie-insecure
SESSION_COOKIE_HTTPONLY = False
# ruleid: py-cookie-insecure
app.config["SESSION_COOKIE_SECURE"] = False


# ---- negatives ----


@app.route("/login2", methods=["POST"])
def login_secure():
    resp = make_response("ok")
    # ok: py-cookie-insecure
    resp.set_cookie("session_id", "abc123", secure=True, httponly=True, samesite="Lax")
    return resp


def django_secure(request):
    response = HttpResponse("hi")
    # ok: py-cookie-insecure
    response.set_cookie("sid", "v", httponly=True, samesite="Strict", secure=True)
    return response


def from_settings(response, settings):
    # ok: py-cookie-insecure
    response.set_cookie("sid", "v", secure=settings.COOKIE_SECURE, httponly=True)


COOKIE_OPTS = {"secure": True, "httponly": True, "samesite": "Lax"}


def with_opts(response):
    # ok: py-cookie-insecure
    response.set_cookie("sid", "v", **COOKIE_OPTS)


def preference(response, theme):
    # a UI preference read by the page's JavaScript: nothing to steal
    # ok: py-cookie-insecure
    response.set_cookie("theme", theme, max_age=3600, secure=True)


def csrf_cookie(response, csrf_token):
    # double-submit CSRF cookies must be readable by JavaScript
    # ok: py-cookie-insecure
    response.set_cookie("csrftoken", csrf_token, secure=True, samesite="Strict")


# ok: py-cookie-insecure
SESSION_COOKIE_SECURE = True
# ok: py-cookie-insecure
CSRF_COOKIE_HTTPONLY = False


def copy_jar(jar, cookie):
    # ok: py-cookie-insecure
    jar.set_cookie(cookie)
