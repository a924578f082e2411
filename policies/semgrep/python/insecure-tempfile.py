import os
import tempfile
from tempfile import mktemp


def export(data):
    # ruleid: py-insecure-tempfile
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as fh:
        fh.write(data)
    return path


def legacy():
    # ruleid: py-insecure-tempfile
    return open(mktemp(), "wb")


def py2_style():
    # ruleid: py-insecure-tempfile
    return os.tempnam("/tmp", "app")


# ---- negatives ----


def export_safe(data):
    # ok: py-insecure-tempfile
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w") as fh:
        fh.write(data)
    return path


def named():
    # ok: py-insecure-tempfile
    with tempfile.NamedTemporaryFile("w", delete=False) as fh:
        return fh.name


def scratch_dir():
    # ok: py-insecure-tempfile
    with tempfile.TemporaryDirectory() as d:
        return os.listdir(d)
