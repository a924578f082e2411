import { Hono } from 'hono';
import { Request, Response } from 'express';
const app = new Hono();

app.get('/hi', (c) => {
  const name = c.req.query('name');
  // ruleid: js-xss
  return c.html(`<h1>Hello ${name}</h1>`);
});

export function greet(req: Request, res: Response): void {
  // ruleid: js-xss
  res.send('<p>' + req.body.comment + '</p>');
}

app.get('/hi-text', (c) => {
  // ok: js-xss
  return c.text(`Hello ${c.req.query('name')}`);
});

export function greetSafe(req: Request, res: Response): void {
  // ok: js-xss
  res.json({ comment: req.body.comment });
}
