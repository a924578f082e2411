const express = require('express');
const app = express();
const ALLOWED = ['https://app.example.com/', 'https://docs.example.com/'];

app.get('/login/callback', (req, res) => {
  // ruleid: js-open-redirect
  res.redirect(req.query.next);
});

app.get('/go', (req, res) => {
  const target = req.query.url;
  // ruleid: js-open-redirect
  res.redirect(302, target);
});

app.get('/out', (req, res) => {
  // ruleid: js-open-redirect
  res.setHeader('Location', req.query.to);
  res.statusCode = 302;
  res.end();
});

router.get('/koa', async (ctx) => {
  // ruleid: js-open-redirect
  ctx.redirect(ctx.query.returnTo);
});

function afterLogin() {
  const next = new URLSearchParams(location.search).get('next');
  // ruleid: js-open-redirect
  window.location.href = next;
}

app.get('/local', (req, res) => {
  const next = req.query.next;
  if (typeof next === 'string' && next.startsWith('/') && !next.startsWith('//')) {
    // ok: js-open-redirect
    return res.redirect(next);
  }
  res.redirect('/');
});

app.get('/allowed', (req, res) => {
  const url = req.query.url;
  if (!ALLOWED.some((prefix) => url.startsWith(prefix))) {
    return res.redirect('/');
  }
  // ok: js-open-redirect
  res.redirect(url);
});

app.get('/users/:id/edit', (req, res) => {
  // ok: js-open-redirect
  res.redirect('/users/' + req.params.id);
});

app.get('/search', (req, res) => {
  // ok: js-open-redirect
  res.redirect(`/results?q=${encodeURIComponent(req.query.q)}`);
});

app.get('/home', (req, res) => {
  // ok: js-open-redirect
  res.redirect('/dashboard');
});
