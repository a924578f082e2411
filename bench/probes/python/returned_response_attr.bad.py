import requests


def fetch(url: str) -> requests.Response:
    return requests.get(url, timeout=10)


def body(url: str) -> object:
    return fetch(url).json_body  # expect: py-nonexistent-member
