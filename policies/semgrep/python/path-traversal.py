import os
import shutil
from pathlib import Path

from django.http import FileResponse, HttpResponse
from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"
BASE = Path("/srv/reports")


@app.route("/download")
def download():
    name = request.args.get("file")
    # ruleid: py-path-traversal
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/read")
def read():
    path = request.args["path"]
    # ruleid: py-path-traversal
    with open(path) as fh:
        return fh.read()


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["doc"]
    # ruleid: py-path-traversal
    f.save(f"{UPLOAD_DIR}/{f.filename}")
    return "ok"


@app.route("/reports/<name>")
def report(name):
    # ruleid: py-path-traversal
    return Path(BASE, name).read_text()


@app.route("/delete", methods=["POST"])
def delete():
    target = request.form["target"]
    # ruleid: py-path-traversal
    shutil.rmtree("/srv/workspaces/" + target)
    return "deleted"


def django_download(request):
    filename = request.GET.get("name", "")
    # ruleid: py-path-traversal
    return FileResponse(open("/srv/media/" + filename, "rb"))


def django_export(request):
    # ruleid: py-path-traversal
    p = os.path.join("/srv/exports", request.POST["fname"])
    with open(p) as fh:
        return HttpResponse(fh.read())


# ---- negatives ----


@app.route("/download2")
def download_safe():
    name = request.args.get("file")
    # ok: py-path-traversal
    return send_from_directory(UPLOAD_DIR, name)


@app.route("/upload2", methods=["POST"])
def upload_safe():
    f = request.files["doc"]
    # ok: py-path-traversal
    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))
    return "ok"


@app.route("/avatar")
def avatar():
    user_id = int(request.args["id"])
    # ok: py-path-traversal
    return send_file(os.path.join("/srv/avatars", f"{user_id}.png"))


@app.route("/thumb")
def thumb():
    name = os.path.basename(request.args["name"])
    # ok: py-path-traversal
    return send_file(f"/srv/thumbs/{name}")


def read_config():
    # ok: py-path-traversal
    with open(os.path.join(os.path.dirname(__file__), "config.yaml")) as fh:
        return fh.read()


@app.route("/items/<int:item_id>")
def item(item_id):
    # ok: py-path-traversal
    return {"id": item_id, "debug": open("/srv/static/help.txt").read()}
