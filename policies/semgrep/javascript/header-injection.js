const express = require('express');
const contentDisposition = require('content-disposition');
const app = express();

app.get('/export', (req, res) => {
  // ruleid: js-header-injection
  res.setHeader('Content-Disposition', 'attachment; filename="' + req.query.name + '"');
  res.send(csv);
});

app.get('/lang', (req, res) => {
  // ruleid: js-header-injection
  res.set('Content-Language', req.query.lang);
  res.json({});
});

router.get('/koa', async (ctx) => {
  // ruleid: js-header-injection
  ctx.set('X-Request-Label', ctx.query.label);
  ctx.body = 'ok';
});

app.get('/export-safe', (req, res) => {
  // ok: js-header-injection
  res.setHeader('Content-Disposition', contentDisposition(req.query.name));
  res.send(csv);
});

app.get('/lang-safe', (req, res) => {
  const lang = ['en', 'de', 'fr'].includes(req.query.lang) ? req.query.lang : 'en';
  // ok: js-header-injection
  res.set('Content-Language', lang);
  res.json({});
});

app.get('/cache', (req, res) => {
  // ok: js-header-injection
  res.setHeader('Cache-Control', 'no-store');
  res.json({});
});

app.get('/next', (req, res) => {
  // ok: js-header-injection
  res.setHeader('Location', req.query.next);
  res.end();
});
