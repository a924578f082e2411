const express = require('express');
const session = require('express-session');
const app = express();

app.post('/login', (req, res) => {
  // ruleid: js-cookie-insecure
  res.cookie('sid', token);
  // ruleid: js-cookie-insecure
  res.cookie('sid', token, { maxAge: 3600000 });
  // ruleid: js-cookie-insecure
  res.cookie('sid', token, { httpOnly: true });
  // ruleid: js-cookie-insecure
  res.cookie('sid', token, { secure: true, sameSite: 'strict' });
  // ruleid: js-cookie-insecure
  res.cookie('sid', token, { httpOnly: true, secure: false });
  res.end();
});

app.use(
  // ruleid: js-cookie-insecure
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    cookie: { secure: false, maxAge: 60000 },
  })
);

app.post('/login2', (req, res) => {
  // ok: js-cookie-insecure
  res.cookie('sid', token, { httpOnly: true, secure: true, sameSite: 'lax' });
  // ok: js-cookie-insecure
  res.cookie('sid', token, { secure: true, httpOnly: true });
  // ok: js-cookie-insecure
  res.cookie('sid', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production' });
  // ok: js-cookie-insecure
  res.cookie('sid', token, cookieOptions);
  // ok: js-cookie-insecure
  res.cookie('sid', token, { ...baseCookieOptions, maxAge: 1000 });
  // ok: js-cookie-insecure
  res.clearCookie('sid');
  res.end();
});

app.use(
  // ok: js-cookie-insecure
  session({
    secret: process.env.SESSION_SECRET,
    cookie: { secure: true, httpOnly: true },
  })
);

function themeCookie(res, theme) {
  // ok: js-cookie-insecure
  res.cookie('theme', theme, { maxAge: 31536000000 });
}

function themeCookieInsecure(res, theme) {
  // ruleid: js-cookie-insecure
  res.cookie('theme', theme, { secure: false });
}
