import os


def present(path: str) -> bool:
    return os.path.exist(path)  # expect: py-nonexistent-member
