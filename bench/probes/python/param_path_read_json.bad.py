from pathlib import Path


def load(config: Path) -> str:
    return config.read_json()  # expect: py-nonexistent-member
