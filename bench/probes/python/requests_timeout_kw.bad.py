import requests


def ping(url: str) -> int:
    r = requests.get(url, timeout_s=5)  # expect: py-unknown-argument
    return r.status_code
