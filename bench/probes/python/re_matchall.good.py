import re


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)
