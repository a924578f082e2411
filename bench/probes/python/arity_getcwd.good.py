import os


def here(sub: str) -> str:
    return os.path.join(os.getcwd(), sub)
