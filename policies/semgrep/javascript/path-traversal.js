const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');
const express = require('express');
const app = express();
const BASE = path.join(__dirname, 'uploads');

app.get('/files/:name', (req, res) => {
  // ruleid: js-path-traversal
  fs.readFile(path.join(BASE, req.params.name), (err, data) => res.send(data));
});

app.get('/download', (req, res) => {
  const file = req.query.file;
  // ruleid: js-path-traversal
  res.sendFile(path.join(__dirname, 'public', file));
});

app.get('/stream', (req, res) => {
  const p = path.resolve(BASE, req.query.path);
  // ruleid: js-path-traversal
  fs.createReadStream(p).pipe(res);
});

app.post('/save', async (req, res) => {
  // ruleid: js-path-traversal
  await fsp.writeFile(`${BASE}/${req.body.filename}`, req.body.content);
  res.sendStatus(201);
});

app.get('/report', (req, res) => {
  // ruleid: js-path-traversal
  res.download('/srv/reports/' + req.query.name);
});

app.delete('/files/:name', (req, res) => {
  // ruleid: js-path-traversal
  fs.unlinkSync(path.join(BASE, req.params.name));
  res.sendStatus(204);
});

app.get('/safe/:name', (req, res) => {
  const name = path.basename(req.params.name);
  // ok: js-path-traversal
  fs.readFile(path.join(BASE, name), (err, data) => res.send(data));
});

app.get('/safe2', (req, res) => {
  // ok: js-path-traversal
  res.sendFile(req.query.file, { root: BASE });
});

app.get('/safe3', (req, res) => {
  const p = path.resolve(BASE, req.query.path);
  if (p.startsWith(BASE + path.sep)) {
    // ok: js-path-traversal
    fs.createReadStream(p).pipe(res);
  }
});

app.get('/safe4', (req, res) => {
  const p = path.resolve(BASE, req.query.path);
  if (!p.startsWith(BASE + path.sep)) {
    return res.sendStatus(403);
  }
  // ok: js-path-traversal
  fs.readFile(p, (err, data) => res.send(data));
});

const ALLOWED = ['terms.pdf', 'privacy.pdf'];
app.get('/docs', (req, res) => {
  const doc = req.query.doc;
  if (!ALLOWED.includes(doc)) return res.sendStatus(404);
  // ok: js-path-traversal
  res.sendFile(path.join(BASE, doc));
});

app.get('/static', (req, res) => {
  // ok: js-path-traversal
  fs.readFile(path.join(BASE, 'index.html'), (err, data) => res.send(data));
});

function readTemplate(name) {
  // ok: js-path-traversal
  return fs.readFileSync(path.join(__dirname, 'templates', name), 'utf8');
}
