import { Hono } from 'hono';
import { NextRequest, NextResponse } from 'next/server';
const app = new Hono();

app.get('/fetch', async (c) => {
  // ruleid: js-ssrf
  const r = await fetch(c.req.query('url')!);
  return c.json(await r.json());
});

export async function POST(request: NextRequest) {
  const { webhook } = await request.json();
  // ruleid: js-ssrf
  await fetch(webhook, { method: 'POST', body: '{}' });
  return NextResponse.json({ ok: true });
}

export async function GET(request: NextRequest) {
  const id = request.nextUrl.searchParams.get('id');
  // ok: js-ssrf
  const r = await fetch(`https://api.example.com/items/${id}`);
  return NextResponse.json(await r.json());
}
