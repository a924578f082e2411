from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask import request


def parse_order():
    # ruleid: py-float-money
    amount = float(request.form["amount"])
    return amount


def add_vat(total):
    # ruleid: py-float-money
    return total * 1.2


def apply_coupon(price):
    # ruleid: py-float-money
    return price - 0.1


def invoice_line(item):
    # ruleid: py-float-money
    return round(item.price * item.qty, 2)


def shipping(subtotal):
    # ruleid: py-float-money
    fee = 4.99
    if subtotal > 50:
        fee = 0
    return subtotal + fee


def accumulate(order):
    order.balance = 0
    for line in order.lines:
        # ruleid: py-float-money
        order.balance += 0.05


@dataclass
class LineItem:
    sku: str
    # ruleid: py-float-money
    unit_price: float
    quantity: int


def to_float(row):
    # ruleid: py-float-money
    return float(row["total_amount"])


# ---- negatives ----


def add_vat_decimal(total: Decimal) -> Decimal:
    # ok: py-float-money
    return (total * Decimal("1.20")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_decimal():
    # ok: py-float-money
    amount = Decimal(request.form["amount"])
    return amount


def cents(price_cents: int, quantity: int) -> int:
    # ok: py-float-money
    return price_cents * quantity


def tax_cents(subtotal_cents: int) -> int:
    # ok: py-float-money
    return subtotal_cents * 20 // 100


def elapsed(td):
    # ok: py-float-money
    return td.total_seconds() * 1000.0


def ratio(correct, total_count):
    # ok: py-float-money
    return correct / float(total_count)


def progress(done, total_items):
    # ok: py-float-money
    return round(done / total_items * 100.0, 1)


def discount_rate(rate):
    # ok: py-float-money
    discount_rate = 0.15
    return discount_rate


def timing(start, end):
    # ok: py-float-money
    duration = float(end - start)
    return duration


def stats(calls):
    # ok: py-float-money
    total_calls = 0.0
    # ok: py-float-money
    discount_factor = 0.99
    return total_calls, discount_factor


def percent(n, total):
    # ok: py-float-money
    return round(100 * n / total, 1) if total else 0.0


def per_change(findings_total, total):
    # ok: py-float-money
    return round(findings_total / total, 2)


def split_bill(total, people):
    # ruleid: py-float-money
    return round(total / people, 2)


def due(invoice):
    # ruleid: py-float-money
    return float(invoice.amount_due)


def order_total(order):
    # ruleid: py-float-money
    order.grand_total = order.subtotal * 1.19


def progress(count, total):
    # ok: py-float-money
    return int(round(100 * (float(count) / float(total))))


def unit_price(order, quantity):
    # ruleid: py-float-money
    return float(order.total) / quantity
