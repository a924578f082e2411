from requests import HTTPClient  # expect: py-nonexistent-import


def client() -> object:
    return HTTPClient()
