import requests


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def user(self, uid: int) -> dict[str, object]:
        resp = self.session.get(f"{self.base}/users/{uid}", timeout=5)
        resp.raise_for_status()
        return resp.json()
