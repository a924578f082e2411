def bare(name: str) -> str:
    return name.removeprefix("v")
