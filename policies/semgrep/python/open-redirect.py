from urllib.parse import urlencode, urlparse

import flask
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect as dj_redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from myapp.forms import ArticleForm
from myapp.models import Article
from flask import Flask, redirect, request, url_for
from starlette.responses import RedirectResponse

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login")
def login():
    nxt = request.args.get("next", "/")
    # ruleid: py-open-redirect
    return redirect(nxt)


@app.route("/go")
def go():
    # ruleid: py-open-redirect
    return flask.redirect(request.cookies.get("return_to"))


def django_logout(request):
    # ruleid: py-open-redirect
    return HttpResponseRedirect(request.GET["next"])


def django_back(request):
    target = request.POST.get("back")
    # ruleid: py-open-redirect
    return dj_redirect(target)


async def starlette_jump(request):
    # ruleid: py-open-redirect
    return RedirectResponse(request.query_params["to"])


@app.route("/loc")
def location_header():
    resp = flask.make_response("", 302)
    # ruleid: py-open-redirect
    resp.headers["Location"] = request.args["to"]
    return resp


# ---- negatives ----


def django_login_safe(request):
    nxt = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        # ok: py-open-redirect
        return HttpResponseRedirect(nxt)
    return HttpResponseRedirect("/")


@app.route("/go2")
def go_allow_list():
    target = request.args.get("to", "")
    url = urlparse(target)
    if url.netloc not in ALLOWED_HOSTS or url.scheme != "https":
        return "bad target", 400
    # ok: py-open-redirect
    return redirect(target)


@app.route("/go3")
def go_named():
    page = request.args.get("page", "index")
    # ok: py-open-redirect
    return redirect(url_for(page))


@app.route("/go4")
def go_relative():
    # ok: py-open-redirect
    return redirect(f"/profile/{request.args['user']}")


@app.route("/home")
def home():
    # ok: py-open-redirect
    return redirect("/dashboard")


@app.route("/sso/return")
def sso_return():
    # urlparse raises ValueError on malformed input, so the host check sits in a try block
    back = request.args.get("return_to", "")
    try:
        parts = urlparse(back)
        if parts.hostname not in ALLOWED_HOSTS or parts.scheme != "https":
            return "unknown return address", 400
    except ValueError:
        return "malformed return address", 400
    # ok: py-open-redirect
    return redirect(back)


@app.route("/sso/return-lenient")
def sso_return_lenient():
    # the host is parsed inside try but never checked, so the target is still the client's
    back = request.args.get("return_to", "")
    try:
        parts = urlparse(back)
        app.logger.info("returning to host %s", parts.hostname)
    except ValueError:
        return "malformed return address", 400
    # ruleid: py-open-redirect
    return redirect(back)


def suspend_request(request, redirect_to):
    # a helper: its caller picks redirect_to (a reverse()d page), the request only fills the query
    path = request.get_full_path()
    # ok: py-open-redirect
    return HttpResponseRedirect(f"{redirect_to}?{urlencode({'next': path})}")


@login_required
def jump(request, target):
    # a decorated Django view: target is a URL argument
    # ruleid: py-open-redirect
    return HttpResponseRedirect(target)


class JumpView(View):
    def get(self, request, target):
        # ruleid: py-open-redirect
        return HttpResponseRedirect(target)


def oidc_authorize(request):
    # the route is fixed by reverse(); the client's fields only fill its query string
    # ok: py-open-redirect
    return HttpResponseRedirect(f"{reverse('oidc:authorization')}?{request.POST.urlencode()}")


def oidc_authorize_wrong_way(request):
    # ruleid: py-open-redirect
    return HttpResponseRedirect(f"{request.POST['next']}?{reverse('oidc:authorization')}")


def publish_article(request, pk):
    # the record was chosen by, and edited from, request data; its own URL getter builds the target
    article = Article.objects.get(pk=pk)
    article.title = request.POST.get("title", article.title)
    article.save()
    # ok: py-open-redirect
    return dj_redirect(article.get_absolute_url())


def confirm_payment(payment, request):
    payment.attrs.token = request.GET.get("token")
    # ok: py-open-redirect
    return dj_redirect(payment.get_success_url())


def continue_to(request, pk):
    article = Article.objects.get(pk=pk)
    article.next = request.GET.get("next")
    # a field the client set, not the record's own URL
    # ruleid: py-open-redirect
    return dj_redirect(article.next)


def create_article(request):
    form = ArticleForm(request.POST)
    if form.is_valid():
        article = form.save()
        # Django's redirect() of a record goes to its get_absolute_url()
        # ok: py-open-redirect
        return dj_redirect(article)
    return dj_redirect("article-list")


def article_by_slug(request):
    article = Article.objects.get(slug=request.GET["slug"])
    # ok: py-open-redirect
    return dj_redirect(article)


def create_article_then_follow(request):
    form = ArticleForm(request.POST)
    if form.is_valid():
        article = form.save()
        # ruleid: py-open-redirect
        return dj_redirect(article.website)
    return dj_redirect("article-list")
