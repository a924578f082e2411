def known(settings: dict[str, str], key: str) -> bool:
    return settings.has_key(key)  # expect: py-nonexistent-member
