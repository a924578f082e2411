import urllib.request

import httpx
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args.get("url")
    # ruleid: py-ssrf
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/webhook/test", methods=["POST"])
def webhook_test():
    target = request.json["callback_url"]
    # ruleid: py-ssrf
    r = httpx.post(target, json={"ping": True})
    return jsonify(status=r.status_code)


@app.route("/fetch")
def fetch():
    # ruleid: py-ssrf
    with urllib.request.urlopen(request.values["src"]) as fh:
        return fh.read()


@app.route("/proxy")
def proxy():
    host = request.args["host"]
    session = requests.Session()
    # ruleid: py-ssrf
    return session.get(f"http://{host}/status").text


def django_import(request):
    feed = request.POST.get("feed_url")
    # ruleid: py-ssrf
    data = requests.request("GET", feed).content
    return data


@app.get("/avatar")
async def avatar(avatar_url: str):
    async with httpx.AsyncClient() as client:
        # ruleid: py-ssrf
        r = await client.get(avatar_url)
    return r.content


# ---- negatives ----


@app.route("/weather")
def weather():
    city = request.args["city"]
    # ok: py-ssrf
    r = requests.get("https://api.weather.example/v1/current", params={"q": city})
    return r.json()


@app.route("/user/<int:user_id>")
def user(user_id):
    # ok: py-ssrf
    return requests.get(f"https://api.internal.example/users/{user_id}").json()


@app.route("/repo")
def repo():
    name = request.args["name"]
    # ok: py-ssrf
    return requests.get("https://api.github.com/repos/" + name).json()


@app.route("/lookup")
def lookup():
    key = request.args["key"]
    cache = {"a": "https://a.example"}
    # ok: py-ssrf
    url = cache.get(key)
    return url or ""


def fixed():
    # ok: py-ssrf
    return requests.get("https://status.example.com/health", timeout=2).ok
