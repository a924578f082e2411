import codecs
import os
import shutil
from pathlib import Path

from django.http import FileResponse, HttpResponse
from flask import Flask, abort, request, send_file, send_from_directory
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


@app.route("/notes")
def notes():
    base = Path("/srv/notes")
    p = base / request.cookies.get("note", "default.txt")
    # ruleid: py-path-traversal
    return p.read_text()


@app.route("/delete", methods=["POST"])
def delete():
    target = request.form["target"]
    # ruleid: py-path-traversal
    shutil.rmtree("/srv/workspaces/" + target)
    return "deleted"


@app.route("/legacy")
def legacy():
    # ruleid: py-path-traversal
    fh = codecs.open("/srv/legacy/%s" % request.args["f"], "r", "utf-8")
    return fh.read()


def django_download(request):
    filename = request.GET.get("name", "")
    # ruleid: py-path-traversal
    return FileResponse(open("/srv/media/" + filename, "rb"))


def django_export(request):
    p = os.path.join("/srv/exports", request.POST["fname"])
    # ruleid: py-path-traversal
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


@app.route("/doc")
def doc():
    name = request.args["name"]
    if ".." in name or name.startswith("/"):
        abort(400)
    # ok: py-path-traversal
    return open(os.path.join("/srv/docs", name)).read()


@app.route("/doc-text")
def doc_resolved_as_text():
    target = (BASE / request.args["name"]).resolve()
    if not str(target).startswith(str(BASE)):
        return "forbidden", 403
    # ok: py-path-traversal
    return target.read_text()


@app.route("/doc-text-unchecked")
def doc_unchecked_as_text():
    target = (BASE / request.args["name"]).resolve()
    if str(target).startswith("/tmp"):
        log("reading a temp file")
    # ruleid: py-path-traversal
    return target.read_text()


@app.route("/doc2")
def doc_resolved():
    target = (BASE / request.args["name"]).resolve()
    if not target.is_relative_to(BASE):
        return "forbidden", 403
    # ok: py-path-traversal
    return open(target).read()


def read_config():
    # ok: py-path-traversal
    with open(os.path.join(os.path.dirname(__file__), "config.yaml")) as fh:
        return fh.read()
