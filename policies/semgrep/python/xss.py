import html

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from flask import Flask, jsonify, make_response, render_template, render_template_string, request
from markupsafe import Markup, escape
from myapp.models import Item, WebhookEventTrigger
from starlette.responses import HTMLResponse

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: py-xss
    return f"<h1>Hello {name}</h1>"


@app.route("/echo", methods=["POST"])
def echo():
    out = ""
    out += "You said: " + request.form["msg"]
    # ruleid: py-xss
    return out


@app.route("/page")
def page():
    # ruleid: py-xss
    return make_response("<p>%s</p>" % request.cookies.get("theme"))


@app.route("/tpl")
def tpl():
    # ruleid: py-xss
    return render_template_string("<p>Hi " + request.args["who"] + "</p>")


@app.route("/badge")
def badge():
    # ruleid: py-xss
    label = Markup(request.args["label"])
    return render_template("badge.html", label=label)


def django_view(request):
    q = request.GET.get("q", "")
    # ruleid: py-xss
    return HttpResponse("<div>Results for {}</div>".format(q))


def django_safe(request):
    # ruleid: py-xss
    return mark_safe("<b>" + request.GET["title"] + "</b>")


async def starlette_view(request):
    # ruleid: py-xss
    return HTMLResponse(f"<p>{request.query_params['msg']}</p>")


# ---- negatives ----


@app.route("/hello2")
def hello_escaped():
    name = request.args.get("name", "")
    # ok: py-xss
    return f"<h1>Hello {escape(name)}</h1>"


@app.route("/hello3")
def hello_html_escape():
    # ok: py-xss
    return "<h1>Hello " + html.escape(request.args["name"]) + "</h1>"


@app.route("/hello4")
def hello_template():
    # ok: py-xss
    return render_template("hello.html", name=request.args.get("name"))


@app.route("/api")
def api():
    # ok: py-xss
    return jsonify(query=request.args.get("q"))


@app.route("/api2")
def api_dict():
    # ok: py-xss
    return {"query": request.args.get("q")}


@app.route("/count")
def count():
    n = int(request.args.get("n", "0"))
    # ok: py-xss
    return f"<p>{n} items</p>"


@app.route("/hdr")
def custom_header():
    # ok: py-xss
    return make_response(("header set", {"X-Value": request.args["v"]}))


def django_escaped(request):
    # ok: py-xss
    return HttpResponse("<div>%s</div>" % html.escape(request.GET.get("q", "")))


SORT_ICONS = {"asc": "<i class='icon-up'></i>", "desc": "<i class='icon-down'></i>"}


def sort_icon(request):
    # the client picks which of our own snippets is shown: a lookup by its key returns our value
    direction = request.GET.get("dir", "asc")
    # ok: py-xss
    return mark_safe(SORT_ICONS[direction])


def sort_label(request):
    labels = {"title": request.GET.get("title", "")}
    # ruleid: py-xss
    return mark_safe(labels["title"])


def sort_link(request):
    # the client's query, percent-encoded, in a link of our own (django-oscar's sort links)
    query = request.GET.copy()
    href = "?sort=name&%s" % query.urlencode()
    # ok: py-xss
    return format_html('<a href="{}">sort</a>', mark_safe(href))


def echo_link(request):
    href = "?q=%s" % request.GET.get("q", "")
    # ruleid: py-xss
    return format_html('<a href="{}">again</a>', mark_safe(href))


def create_item(request):
    item = Item.objects.create(name=request.POST["name"])
    # the new record's database key, not the name the client sent
    # ok: py-xss
    return HttpResponse(item.pk)


def webhook(request):
    trigger = WebhookEventTrigger.from_request(request)
    # ok: py-xss
    return HttpResponse(str(trigger.id))


def create_item_echo(request):
    item = Item.objects.create(name=request.POST["name"])
    # ruleid: py-xss
    return HttpResponse(f"<p>created {item.name}</p>")
