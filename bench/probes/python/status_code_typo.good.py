import requests


def healthy(url: str) -> bool:
    r = requests.head(url, timeout=3)
    return r.status_code == 200
