import asyncio
import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: py-command-injection
    os.system("ping -c 1 " + host)
    return "ok"


@app.route("/archive", methods=["POST"])
def archive():
    path = request.form["path"]
    # ruleid: py-command-injection
    return os.popen(f"tar czf /tmp/backup.tgz {path}").read()


@app.route("/convert")
def convert():
    src = request.args["src"]
    cmd = "convert %s out.png" % src
    # ruleid: py-command-injection
    subprocess.run(cmd, shell=True, check=True)
    return "ok"


@app.route("/checkout")
def checkout():
    branch = request.values["branch"]
    # ruleid: py-command-injection
    subprocess.run(["bash", "-c", "git checkout " + branch], check=True)
    return "ok"


@app.route("/echo", methods=["POST"])
def echo():
    argv = ["sh"]
    argv.append("-c")
    argv.append("echo " + request.form["msg"])
    # ruleid: py-command-injection
    return subprocess.run(argv, capture_output=True, text=True).stdout


async def aio_handler(request):
    name = request.query["name"]
    # ruleid: py-command-injection
    proc = await asyncio.create_subprocess_shell(f"whois {name}")
    await proc.wait()


# ---- negatives ----


@app.route("/ping2")
def ping_list():
    host = request.args.get("host")
    # ok: py-command-injection
    subprocess.run(["ping", "-c", "1", host], check=True)
    return "ok"


@app.route("/ping3")
def ping_quoted():
    host = request.args.get("host")
    # ok: py-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    return "ok"


@app.route("/count")
def count():
    n = int(request.args["n"])
    # ok: py-command-injection
    subprocess.run(f"seq {n}", shell=True)
    return "ok"


def constant_shell():
    # ok: py-command-injection
    subprocess.run("ls -la /tmp | wc -l", shell=True)


def build(target):
    # ok: py-command-injection
    subprocess.check_call(["make", target])


class QueryParams:
    """A thin accessor many apps put around the request (normally in its own module)."""

    def __init__(self, req):
        self._req = req

    def get_arg(self, name):
        return self._req.args.get(name, "")

    def get_safe_hostname(self, name):
        value = self._req.args.get(name, "")
        return value if value.replace(".", "").isalnum() else "localhost"


@app.route("/trace")
def trace():
    params = QueryParams(request)
    host = params.get_arg("host")
    # ruleid: py-command-injection
    return subprocess.run(f"traceroute {host}", shell=True, capture_output=True).stdout


@app.route("/trace-checked")
def trace_checked():
    # the accessor's name says it validates; its body is in another module semgrep cannot see
    params = QueryParams(request)
    host = params.get_safe_hostname("host")
    # ok: py-command-injection
    return subprocess.run(f"traceroute {host}", shell=True, capture_output=True).stdout
