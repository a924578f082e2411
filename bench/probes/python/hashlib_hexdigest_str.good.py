import hashlib


def digest(data: bytes) -> str:
    h = hashlib.sha256(data)
    return h.hexdigest()
