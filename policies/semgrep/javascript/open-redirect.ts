import { NextRequest, NextResponse } from 'next/server';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { Hono } from 'hono';
const app = new Hono();

export async function GET(request: NextRequest) {
  const callback = request.nextUrl.searchParams.get('callbackUrl') ?? '/';
  // ruleid: js-open-redirect
  return NextResponse.redirect(new URL(callback, request.url));
}

export async function logout(request: FastifyRequest<{ Querystring: { next: string } }>, reply: FastifyReply) {
  // ruleid: js-open-redirect
  return reply.redirect(request.query.next);
}

app.get('/r', (c) => {
  // ruleid: js-open-redirect
  return c.redirect(c.req.query('to') ?? '/');
});

export async function safe(request: NextRequest) {
  const callback = request.nextUrl.searchParams.get('callbackUrl') ?? '/';
  if (!isSafeRedirect(callback)) {
    return NextResponse.redirect(new URL('/', request.url));
  }
  // ok: js-open-redirect
  return NextResponse.redirect(new URL(callback, request.url));
}

app.use(async (c, next) => {
  const url = new URL(c.req.url);
  url.pathname = url.pathname + '/';
  // ok: js-open-redirect
  return c.redirect(url.toString(), 301);
});
