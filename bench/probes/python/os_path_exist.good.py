import os


def present(path: str) -> bool:
    return os.path.exists(path)
