import { Hono } from 'hono';
const app = new Hono();

app.get('/dl', (c) => {
  // ruleid: js-header-injection
  c.header('Content-Disposition', `attachment; filename="${c.req.query('name')}"`);
  return c.body('data');
});

app.use(async (c, next) => {
  const token = c.req.header('Authorization');
  // ok: js-header-injection
  c.set('jwtPayload', token);
  // ok: js-header-injection
  c.header('Content-Type', 'text/plain');
  await next();
});
