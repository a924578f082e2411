from collections import OrderedDict


def unique(items: list[str]) -> list[str]:
    return list(OrderedDict.fromkeys(items))
