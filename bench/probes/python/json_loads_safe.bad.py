import json


def parse(text: str) -> object:
    return json.loads_safe(text)  # expect: py-nonexistent-member
