import { Hono } from 'hono';
import { NextRequest } from 'next/server';
const app = new Hono();

app.post('/eval', async (c) => {
  const body = await c.req.json();
  // ruleid: js-code-injection
  return c.json({ r: eval(body.expr) });
});

export async function POST(request: NextRequest) {
  const { code } = await request.json();
  // ruleid: js-code-injection
  const fn = Function(code);
  return Response.json({ r: fn() });
}

app.get('/safe', (c) => {
  const n = Number(c.req.query('n'));
  // ok: js-code-injection
  return c.json({ r: eval(`${n} * 2`) });
});
