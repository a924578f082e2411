import base64
import pickle

import jsonpickle
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/session", methods=["POST"])
def load_session():
    raw = base64.b64decode(request.cookies["state"])
    # ruleid: py-unsafe-deserialization
    return str(pickle.loads(raw))


@app.route("/config", methods=["POST"])
def load_config():
    # ruleid: py-unsafe-deserialization
    cfg = yaml.load(request.get_data(), Loader=yaml.Loader)
    return str(cfg)


@app.route("/config2", methods=["POST"])
def load_config_default():
    text = request.form["yaml"]
    # ruleid: py-unsafe-deserialization
    return str(yaml.unsafe_load(text))


def django_restore(request):
    # ruleid: py-unsafe-deserialization
    return jsonpickle.decode(request.body)


async def starlette_upload(request):
    body = await request.body()
    # ruleid: py-unsafe-deserialization
    return pickle.loads(body)


# ---- negatives ----


@app.route("/config3", methods=["POST"])
def load_config_safe():
    # ok: py-unsafe-deserialization
    return str(yaml.safe_load(request.get_data()))


@app.route("/config4", methods=["POST"])
def load_config_safe_loader():
    # ok: py-unsafe-deserialization
    return str(yaml.load(request.get_data(), Loader=yaml.SafeLoader))


@app.route("/state")
def dump_state():
    # ok: py-unsafe-deserialization
    return pickle.dumps({"q": request.args.get("q")})


def load_own_cache(path):
    with open(path, "rb") as fh:
        # ok: py-unsafe-deserialization
        return pickle.load(fh)
