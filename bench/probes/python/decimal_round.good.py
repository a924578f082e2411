from decimal import Decimal


def cents(amount: str) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))
