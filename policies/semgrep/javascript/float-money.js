const Decimal = require('decimal.js');

function withTax(price) {
  // ruleid: js-float-money
  return price * 1.19;
}

function applyDiscount(order) {
  // ruleid: js-float-money
  order.total = order.total - 0.5;
  return order;
}

function parseAmount(req) {
  // ruleid: js-float-money
  const amount = parseFloat(req.body.amount);
  return amount;
}

function display(cart) {
  // ruleid: js-float-money
  return cart.subtotal.toFixed(2);
}

function fee(unitPrice) {
  // ruleid: js-float-money
  return 0.029 * unitPrice + 30;
}

function rounding(totalPrice) {
  // ruleid: js-float-money
  return Math.round(totalPrice * 100) / 100;
}

function centsTax(priceCents) {
  // ok: js-float-money
  return Math.round(priceCents * 19 / 100);
}

function integerTotal(totalCents, qty) {
  // ok: js-float-money
  return totalCents * qty;
}

function decimalTax(price) {
  // ok: js-float-money
  return new Decimal(price).times('1.19').toFixed(2);
}

function notMoney(totalCount) {
  // ok: js-float-money
  return totalCount * 0.5;
}

function ratio(progress) {
  // ok: js-float-money
  return (progress * 100).toFixed(2);
}

function parsePercent(s) {
  // ok: js-float-money
  return parseFloat(s.taxRate);
}
