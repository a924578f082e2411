import json


def parse(text: str) -> object:
    return json.loads(text)
