import ast
import importlib
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calculate():
    expr = request.args.get("expr", "")
    # ruleid: py-eval-input
    return str(eval(expr))


@app.route("/run", methods=["POST"])
def run():
    # ruleid: py-eval-input
    exec(request.form["code"], {})
    return "ok"


@app.route("/plugin")
def plugin():
    name = request.args["plugin"]
    # ruleid: py-eval-input
    mod = importlib.import_module("plugins." + name)
    return mod.describe()


def django_filter(request):
    cond = request.GET["cond"]
    # ruleid: py-eval-input
    code = compile("r." + cond, "<filter>", "eval")
    return code


# ---- negatives ----


@app.route("/calc2")
def parse_literal():
    # ok: py-eval-input
    return str(ast.literal_eval(request.args.get("value", "0")))


@app.route("/calc3")
def parse_json():
    data = json.loads(request.get_data())
    # ok: py-eval-input
    return str(eval("1 + 2"))


PLUGINS = {"csv": "plugins.csv_export"}


@app.route("/plugin2")
def plugin_allow_list():
    name = PLUGINS.get(request.args["plugin"], "plugins.default")
    # ok: py-eval-input
    return importlib.import_module("plugins.default").describe()


def model_eval(model):
    # ok: py-eval-input
    model.eval()
