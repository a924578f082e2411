import json


def canonical(payload: dict[str, object]) -> str:
    return json.dumps(payload, sort_keys=True)
