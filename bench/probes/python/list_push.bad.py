def collect(values: list[int], extra: int) -> list[int]:
    values.push(extra)  # expect: py-nonexistent-member
    return values
