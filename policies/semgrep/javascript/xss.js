const express = require('express');
const escapeHtml = require('escape-html');
const he = require('he');
const app = express();

app.get('/hello', (req, res) => {
  // ruleid: js-xss
  res.send("<h1>" + req.query.name + "</h1>");
});

app.get('/search', (req, res) => {
  const q = req.query.q;
  // ruleid: js-xss
  res.status(200).send(`<p>No results for ${q}</p>`);
});

app.get('/raw', (req, res) => {
  res.setHeader('Content-Type', 'text/html');
  // ruleid: js-xss
  res.write('<div>' + req.params.msg + '</div>');
  res.end();
});

router.get('/koa', async (ctx) => {
  // ruleid: js-xss
  ctx.body = `<p>Hello ${ctx.query.name}</p>`;
});

function showHash() {
  const msg = decodeURIComponent(location.hash.slice(1));
  // ruleid: js-xss
  document.getElementById('msg').innerHTML = msg;
}

function showParam() {
  const name = new URLSearchParams(window.location.search).get('name');
  // ruleid: js-xss
  document.write('<b>' + name + '</b>');
}

window.addEventListener('message', function (e) {
  // ruleid: js-xss
  document.querySelector('#out').insertAdjacentHTML('beforeend', e.data.html);
});

app.get('/hello-safe', (req, res) => {
  // ok: js-xss
  res.send("<h1>" + escapeHtml(req.query.name) + "</h1>");
});

app.get('/hello-he', (req, res) => {
  // ok: js-xss
  res.send(`<h1>${he.encode(req.query.name)}</h1>`);
});

app.get('/api/user', (req, res) => {
  // ok: js-xss
  res.json({ name: req.query.name });
});

app.get('/api/echo', (req, res) => {
  // ok: js-xss
  res.send({ echo: req.query.q });
});

app.get('/count', (req, res) => {
  const n = parseInt(req.query.n, 10);
  // ok: js-xss
  res.send(`<p>${n} items</p>`);
});

app.get('/page', (req, res) => {
  // ok: js-xss
  res.render('page', { name: req.query.name });
});

function showText() {
  const msg = decodeURIComponent(location.hash.slice(1));
  // ok: js-xss
  document.getElementById('msg').textContent = msg;
}

function showPurified() {
  const html = new URLSearchParams(location.search).get('html');
  // ok: js-xss
  document.getElementById('preview').innerHTML = DOMPurify.sanitize(html);
}

app.get('/users', async (req, res) => {
  const users = await User.find({ team: String(req.query.team) });
  // ok: js-xss
  res.send(users);
});

function Comment({ comment }) {
  const fromUrl = new URLSearchParams(location.search).get('preview');
  // ruleid: js-xss
  return <div className="c" dangerouslySetInnerHTML={{ __html: fromUrl }} />;
}

function SafeComment() {
  const fromUrl = new URLSearchParams(location.search).get('preview');
  // ok: js-xss
  return <div className="c" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(fromUrl) }} />;
}

function PlainComment() {
  const fromUrl = new URLSearchParams(location.search).get('preview');
  // ok: js-xss
  return <div className="c">{fromUrl}</div>;
}

app.post('/echo', (req, res) => {
  // ok: js-xss
  res.type('text/plain').send(req.body);
});
