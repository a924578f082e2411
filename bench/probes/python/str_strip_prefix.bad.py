def bare(name: str) -> str:
    return name.strip_prefix("v")  # expect: py-nonexistent-member
