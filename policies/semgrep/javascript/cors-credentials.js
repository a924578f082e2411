const cors = require('cors');
const express = require('express');
const app = express();

// ruleid: js-cors-credentials
app.use(cors({ origin: true, credentials: true }));

// ruleid: js-cors-credentials
app.use(cors({ credentials: true, origin: '*', methods: ['GET', 'POST'] }));

// ruleid: js-cors-credentials
fastify.register(require('@fastify/cors'), { origin: (origin, cb) => cb(null, true), credentials: true });

app.use((req, res, next) => {
  // ruleid: js-cors-credentials
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.use((req, res, next) => {
  const origin = req.get('origin');
  res.set('Access-Control-Allow-Credentials', 'true');
  // ruleid: js-cors-credentials
  res.set('Access-Control-Allow-Origin', origin);
  next();
});

// ok: js-cors-credentials
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));

// ok: js-cors-credentials
app.use(cors({ origin: '*' }));

// ok: js-cors-credentials
app.use(cors());

const ALLOWED = new Set(['https://app.example.com']);
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (ALLOWED.has(origin)) {
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  // ok: js-cors-credentials
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  next();
});
