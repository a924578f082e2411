const express = require('express');
const app = express();

app.post('/profile', (req, res) => {
  // ruleid: js-trust-boundary
  req.session.role = req.body.role;
  res.sendStatus(204);
});

app.post('/impersonate', (req, res) => {
  // ruleid: js-trust-boundary
  req.session.userId = req.query.uid;
  res.sendStatus(204);
});

app.post('/login', async (req, res) => {
  const user = await authenticate(req.body.username, req.body.password);
  if (!user) return res.sendStatus(401);
  // ok: js-trust-boundary
  req.session.userId = user.id;
  res.sendStatus(204);
});

const THEMES = ['light', 'dark'];
app.post('/theme', (req, res) => {
  if (!THEMES.includes(req.body.theme)) return res.sendStatus(400);
  // ok: js-trust-boundary
  req.session.theme = req.body.theme;
  res.sendStatus(204);
});
