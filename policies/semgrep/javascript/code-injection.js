const vm = require('vm');
const express = require('express');
const app = express();

app.get('/calc', (req, res) => {
  // ruleid: js-code-injection
  const result = eval(req.query.expr);
  res.json({ result });
});

app.post('/filter', (req, res) => {
  // ruleid: js-code-injection
  const fn = new Function('item', 'return ' + req.body.filterCode);
  res.json(items.filter(fn));
});

app.post('/later', (req, res) => {
  // ruleid: js-code-injection
  setTimeout('notify("' + req.body.name + '")', 1000);
  res.sendStatus(202);
});

app.post('/sandbox', (req, res) => {
  // ruleid: js-code-injection
  res.json(vm.runInNewContext(req.body.code, {}));
});

app.get('/plugin', (req, res) => {
  // ruleid: js-code-injection
  const plugin = require('./plugins/' + req.query.name);
  res.json(plugin.describe());
});

window.addEventListener('message', (event) => {
  // ruleid: js-code-injection
  eval(event.data.script);
});

function fromHash() {
  // ruleid: js-code-injection
  return eval(decodeURIComponent(location.hash.slice(1)));
}

app.get('/json', (req, res) => {
  // ok: js-code-injection
  const data = JSON.parse(req.query.data);
  res.json(data);
});

function fixedEval() {
  // ok: js-code-injection
  return eval('1 + 2');
}

function fixedFunction() {
  // ok: js-code-injection
  return new Function('a', 'b', 'return a + b');
}

app.get('/timer', (req, res) => {
  // ok: js-code-injection
  setTimeout(() => notify(req.query.name), 500);
  res.sendStatus(202);
});

const handlers = { add: (a, b) => a + b, sub: (a, b) => a - b };
app.get('/op', (req, res) => {
  // ok: js-code-injection
  const fn = handlers[req.query.op];
  res.json({ r: fn ? fn(1, 2) : null });
});

function loadConfig(name) {
  // ok: js-code-injection
  return require(name);
}
