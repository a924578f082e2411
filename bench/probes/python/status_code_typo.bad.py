import requests


def healthy(url: str) -> bool:
    r = requests.head(url, timeout=3)
    return r.status == 200  # expect: py-nonexistent-member
