const fs = require('fs');
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

app.post('/save', (req, res) => {
  // ruleid: js-path-traversal
  fs.writeFileSync(`${BASE}/${req.body.filename}`, req.body.content);
  res.sendStatus(201);
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

app.get('/static', (req, res) => {
  // ok: js-path-traversal
  fs.readFile(path.join(BASE, 'index.html'), (err, data) => res.send(data));
});

app.get('/safe4', (req, res) => {
  const p = path.resolve(BASE, req.query.path);
  if (!p.startsWith(BASE + path.sep)) {
    return res.sendStatus(403);
  }
  // ok: js-path-traversal
  fs.readFile(p, (err, data) => res.send(data));
});
