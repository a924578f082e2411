const vm = require('vm');

function calc(req, res) {
  // ruleid: js-eval-input
  const result = eval(req.query.expr);
  res.json({ result });
}

function makeFilter(body) {
  // ruleid: js-eval-input
  return new Function('item', body.filterCode);
}

function templated(field) {
  // ruleid: js-eval-input
  return eval(`obj.${field}`);
}

function later(name) {
  // ruleid: js-eval-input
  setTimeout('refresh("' + name + '")', 1000);
}

function sandbox(code) {
  // ruleid: js-eval-input
  return vm.runInNewContext(code, {});
}

function fixedEval() {
  // ok: js-eval-input
  return eval('1 + 2');
}

function fixedFunction() {
  // ok: js-eval-input
  return new Function('a', 'b', 'return a + b');
}

function timerWithFn(cb) {
  // ok: js-eval-input
  setTimeout(cb, 500);
}

function timerArrow(user) {
  // ok: js-eval-input
  setTimeout(() => greet(user), 500);
}

function parseData(text) {
  // ok: js-eval-input
  return JSON.parse(text);
}
