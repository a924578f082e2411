import json


def canonical(payload: dict[str, object]) -> str:
    return json.dumps(payload, sorted=True)  # expect: py-unknown-argument
