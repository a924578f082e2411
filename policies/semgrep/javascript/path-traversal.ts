import { Request, Response } from 'express';
import { readFile } from 'fs/promises';
import * as path from 'path';
import { NextRequest } from 'next/server';

export async function avatar(req: Request, res: Response): Promise<void> {
  // ruleid: js-path-traversal
  const data = await readFile(path.join('/var/avatars', req.params.user + '.png'));
  res.type('png').send(data);
}

export async function GET(request: NextRequest) {
  const name = request.nextUrl.searchParams.get('file') ?? '';
  // ruleid: js-path-traversal
  const text = await readFile(path.join(process.cwd(), 'content', name), 'utf8');
  return new Response(text);
}

export async function safeAvatar(req: Request, res: Response): Promise<void> {
  const file = path.basename(req.params.user);
  // ok: js-path-traversal
  const data = await readFile(path.join('/var/avatars', file + '.png'));
  res.type('png').send(data);
}
