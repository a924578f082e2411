import marshal
import pickle
import shelve

import dill
import jsonpickle
import yaml
from yaml import FullLoader, SafeLoader


def load_session(raw: bytes):
    # ruleid: py-unsafe-deserialization
    return pickle.loads(raw)


def load_model(path):
    with open(path, "rb") as fh:
        # ruleid: py-unsafe-deserialization
        return pickle.load(fh)


def load_dill(blob):
    # ruleid: py-unsafe-deserialization
    return dill.loads(blob)


def load_code(data):
    # ruleid: py-unsafe-deserialization
    return marshal.loads(data)


def open_cache(name):
    # ruleid: py-unsafe-deserialization
    return shelve.open(name)


def parse_config(text):
    # ruleid: py-unsafe-deserialization
    return yaml.load(text)


def parse_config_loader(text):
    # ruleid: py-unsafe-deserialization
    return yaml.load(text, Loader=yaml.Loader)


def parse_config_full(stream):
    # ruleid: py-unsafe-deserialization
    return yaml.load(stream, Loader=FullLoader)


def parse_unsafe(stream):
    # ruleid: py-unsafe-deserialization
    return yaml.unsafe_load(stream)


def parse_positional(stream):
    # ruleid: py-unsafe-deserialization
    return list(yaml.load_all(stream, yaml.UnsafeLoader))


def from_client(payload):
    # ruleid: py-unsafe-deserialization
    return jsonpickle.decode(payload)


# ---- negatives ----


def parse_safe(text):
    # ok: py-unsafe-deserialization
    return yaml.safe_load(text)


def parse_safe_loader(text):
    # ok: py-unsafe-deserialization
    return yaml.load(text, Loader=yaml.SafeLoader)


def parse_safe_loader_imported(text):
    # ok: py-unsafe-deserialization
    return yaml.load(text, Loader=SafeLoader)


def parse_csafe(text):
    # ok: py-unsafe-deserialization
    return yaml.load(text, yaml.CSafeLoader)


def dump_session(obj):
    # ok: py-unsafe-deserialization
    return pickle.dumps(obj)


def parse_json(payload):
    import json

    # ok: py-unsafe-deserialization
    return json.loads(payload)


def encode(obj):
    # ok: py-unsafe-deserialization
    return jsonpickle.encode(obj)


def aliased(blob):
    from pickle import loads as pkl_loads

    # ruleid: py-unsafe-deserialization
    return pkl_loads(blob)
