from decimal import Decimal


def cents(amount: str) -> Decimal:
    return Decimal(amount).round(2)  # expect: py-nonexistent-member
