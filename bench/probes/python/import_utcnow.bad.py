from datetime import utcnow  # expect: py-nonexistent-import


def stamp() -> str:
    return utcnow().isoformat()
