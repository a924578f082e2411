const express = require('express');
const logger = require('./logger');
const app = express();

app.post('/login', (req, res) => {
  // ruleid: js-log-injection
  console.log('Login attempt for user ' + req.body.username);
  res.sendStatus(200);
});

app.get('/item/:id', (req, res) => {
  // ruleid: js-log-injection
  logger.info(`item requested: ${req.params.id} by ${req.query.ref}`);
  res.json({});
});

app.post('/login-safe', (req, res) => {
  // ok: js-log-injection
  logger.info({ user: req.body.username }, 'login attempt');
  res.sendStatus(200);
});

app.post('/login-stripped', (req, res) => {
  const user = String(req.body.username).replace(/[\r\n]/g, '');
  // ok: js-log-injection
  console.log('Login attempt for user ' + user);
  res.sendStatus(200);
});

app.use((req, res, next) => {
  // ok: js-log-injection
  console.log(`${req.method} ${req.originalUrl} from ${req.ip}`);
  next();
});

app.post('/json', (req, res) => {
  // ok: js-log-injection
  logger.debug('payload: ' + JSON.stringify(req.body));
  res.sendStatus(200);
});
