import requests


def ping(url: str) -> int:
    r = requests.get(url, timeout=5)
    return r.status_code
