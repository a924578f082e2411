from collections import OrderedSet  # expect: py-nonexistent-import


def unique(items: list[str]) -> list[str]:
    return list(OrderedSet(items))
