const axios = require('axios');
const http = require('http');
const got = require('got');
const express = require('express');
const app = express();
const API_BASE = 'https://api.internal.example.com';
const ALLOWED_HOSTS = new Set(['images.example.com', 'cdn.example.com']);

app.get('/proxy', async (req, res) => {
  // ruleid: js-ssrf
  const r = await fetch(req.query.url);
  res.json(await r.json());
});

app.post('/webhook-test', async (req, res) => {
  const target = req.body.callbackUrl;
  // ruleid: js-ssrf
  const out = await axios.post(target, { ping: true });
  res.json(out.data);
});

app.get('/image', (req, res) => {
  // ruleid: js-ssrf
  http.get(`http://${req.query.host}/logo.png`, (r) => r.pipe(res));
});

app.get('/preview/:site', async (req, res) => {
  // ruleid: js-ssrf
  const page = await axios({ method: 'get', url: req.params.site });
  res.json({ len: page.data.length });
});

app.get('/got', async (req, res) => {
  // ruleid: js-ssrf
  const body = await got(req.get('X-Callback')).text();
  res.json({ body });
});

app.get('/user/:id', async (req, res) => {
  // ok: js-ssrf
  const r = await fetch(`https://api.example.com/users/${encodeURIComponent(req.params.id)}`);
  res.json(await r.json());
});

app.get('/user2/:id', async (req, res) => {
  // ok: js-ssrf
  const out = await axios.get(`${API_BASE}/users/${req.params.id}`);
  res.json(out.data);
});

app.get('/status', async (req, res) => {
  // ok: js-ssrf
  const r = await fetch('https://status.example.com/health');
  res.json(await r.json());
});

app.get('/search', async (req, res) => {
  // ok: js-ssrf
  const out = await axios.get('https://search.example.com/q', { params: { q: req.query.q } });
  res.json(out.data);
});

app.get('/thumb', async (req, res) => {
  const url = new URL(req.query.src);
  if (!ALLOWED_HOSTS.has(url.hostname)) {
    return res.sendStatus(400);
  }
  // ok: js-ssrf
  const r = await fetch(url);
  res.json({ size: r.headers.get('content-length') });
});
