def known(settings: dict[str, str], key: str) -> bool:
    return key in settings
