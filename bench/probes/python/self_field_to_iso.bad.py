from datetime import datetime


class Event:
    def __init__(self, name: str, created: datetime) -> None:
        self.name = name
        self.created = created

    def label(self) -> str:
        return f"{self.name}@{self.created.to_iso()}"  # expect: py-nonexistent-member
