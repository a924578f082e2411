import re


def numbers(text: str) -> list[str]:
    return re.matchall(r"\d+", text)  # expect: py-nonexistent-member
