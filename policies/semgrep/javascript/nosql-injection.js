const express = require('express');
const mongoSanitize = require('mongo-sanitize');
const app = express();

app.get('/orders/:id', async (req, res) => {
  // ruleid: js-nosql-injection
  const orders = await db.orders.find({ $where: "this.orderId === '" + req.params.id + "'" }).toArray();
  res.json(orders);
});

app.get('/users/lookup', async (req, res) => {
  // ruleid: js-nosql-injection
  const users = await User.find({ $where: `this.name == '${req.query.name}'` });
  res.json(users);
});

app.post('/login', async (req, res) => {
  // ruleid: js-nosql-injection
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  res.json({ ok: !!user });
});

app.post('/search', async (req, res) => {
  // ruleid: js-nosql-injection
  const items = await Product.find(req.body);
  res.json(items);
});

app.get('/coll', async (req, res) => {
  const filter = { owner: req.query.owner };
  // ruleid: js-nosql-injection
  const docs = await db.collection('notes').find(filter).toArray();
  res.json(docs);
});

app.post('/reset', async (req, res) => {
  // ruleid: js-nosql-injection
  await User.updateOne({ email: req.body.email }, { $set: { reset: true } });
  res.sendStatus(204);
});

app.post('/login-safe', async (req, res) => {
  // ok: js-nosql-injection
  const user = await User.findOne({ username: String(req.body.username) });
  res.json({ ok: !!user });
});

app.post('/login-sanitized', async (req, res) => {
  const clean = mongoSanitize(req.body);
  // ok: js-nosql-injection
  const user = await User.findOne({ username: clean.username });
  res.json({ ok: !!user });
});

app.get('/by-id/:id', async (req, res) => {
  // ok: js-nosql-injection
  const doc = await User.findOne({ _id: req.params.id });
  res.json(doc);
});

app.post('/typed', async (req, res) => {
  const { email } = req.body;
  if (typeof email !== 'string') {
    return res.status(400).end();
  }
  // ok: js-nosql-injection
  const user = await User.findOne({ email });
  res.json(user);
});

app.get('/list', async (req, res) => {
  // ok: js-nosql-injection
  const items = await Product.find({ active: true }).limit(20);
  res.json(items);
});

function findByName(name) {
  // ok: js-nosql-injection
  return [1, 2, 3].find((x) => x === name);
}
