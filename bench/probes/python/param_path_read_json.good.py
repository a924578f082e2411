from pathlib import Path


def load(config: Path) -> str:
    return config.read_text(encoding="utf-8")
