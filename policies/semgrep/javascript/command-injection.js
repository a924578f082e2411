const cp = require('child_process');
const { exec, execSync, spawn, execFile } = require('child_process');
const express = require('express');
const app = express();

app.get('/ls', (req, res) => {
  // ruleid: js-command-injection
  exec("ls " + req.query.dir, (err, out) => res.send(out));
});

app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: js-command-injection
  const out = cp.execSync(`ping -c 1 ${host}`).toString();
  res.type('text').send(out);
});

app.post('/convert', (req, res) => {
  // ruleid: js-command-injection
  spawn(`convert ${req.body.file} out.png`, { shell: true });
  res.sendStatus(202);
});

app.post('/zip', (req, res) => {
  // ruleid: js-command-injection
  spawn('sh', ['-c', 'zip -r out.zip ' + req.body.folder]);
  res.sendStatus(202);
});

app.post('/git', async (req, res) => {
  const { execaCommand } = await import('execa');
  // ruleid: js-command-injection
  await execaCommand(`git log ${req.body.branch}`);
  res.sendStatus(200);
});

app.get('/safe-ls', (req, res) => {
  // ok: js-command-injection
  execFile('ls', ['-la', req.query.dir], (err, out) => res.send(out));
});

app.get('/safe-spawn', (req, res) => {
  // ok: js-command-injection
  spawn('convert', [req.query.file, 'out.png']);
  res.sendStatus(202);
});

function buildInfo() {
  // ok: js-command-injection
  return execSync('git rev-parse HEAD').toString().trim();
}

function runBuild(target) {
  // ok: js-command-injection
  return execSync(`make ${target}`, { stdio: 'inherit' });
}

app.get('/regex', (req, res) => {
  const re = /(\d+)/;
  // ok: js-command-injection
  res.json(re.exec(req.query.q));
});

app.get('/count/:n', (req, res) => {
  const n = parseInt(req.params.n, 10);
  // ok: js-command-injection
  exec(`seq ${n}`, (err, out) => res.send(out));
});
