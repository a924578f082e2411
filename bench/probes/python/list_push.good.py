def collect(values: list[int], extra: int) -> list[int]:
    values.append(extra)
    return values
