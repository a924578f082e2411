import requests


def insecure(url: str) -> str:
    with requests.Session() as s:
        return s.get(url, verify_ssl=False, timeout=5).text  # expect: py-unknown-argument
