const errorhandler = require('errorhandler');
const express = require('express');
const app = express();

// ruleid: js-stack-trace-exposure
app.use(errorhandler());

if (process.env.NODE_ENV === 'development') {
  // ok: js-stack-trace-exposure
  app.use(errorhandler({ log: true }));
}

if (app.get('env') === 'development') {
  // ok: js-stack-trace-exposure
  app.use(errorhandler());
}

app.use((err, req, res, next) => {
  // ruleid: js-stack-trace-exposure
  res.status(500).json({ message: err.message, stack: err.stack });
});

app.use((err, req, res, next) => {
  // ruleid: js-stack-trace-exposure
  res.status(500).send('<pre>' + err.stack + '</pre>');
});

app.use((err, req, res, next) => {
  console.error(err.stack);
  // ok: js-stack-trace-exposure
  res.status(500).json({ message: 'Internal error' });
});

app.use((err, req, res, next) => {
  // ok: js-stack-trace-exposure
  res.status(500).json({ message: err.message, stack: process.env.NODE_ENV === 'production' ? undefined : err.stack });
});

const myErrorHandler = (err, req, res, next) => res.sendStatus(500);
// ok: js-stack-trace-exposure
app.use(myErrorHandler);
