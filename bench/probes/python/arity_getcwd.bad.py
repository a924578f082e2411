import os


def here(sub: str) -> str:
    return os.getcwd(sub)  # expect: py-wrong-arity
