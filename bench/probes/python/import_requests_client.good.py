from requests import Session


def client() -> object:
    return Session()
