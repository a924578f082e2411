from dataclasses import dataclass
from datetime import datetime


@dataclass
class Hold:
    sku: str
    expires_at: datetime


def expiry(hold: Hold) -> float:
    return hold.expires_at.to_timestamp()  # expect: py-nonexistent-member
