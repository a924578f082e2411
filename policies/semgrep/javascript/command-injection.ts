import { Request, Response } from 'express';
import { exec } from 'child_process';
import type { FastifyRequest, FastifyReply } from 'fastify';

export const archive = (req: Request, res: Response): void => {
  const name = req.params.name as string;
  // ruleid: js-command-injection
  exec(`tar czf /tmp/${name}.tgz /data/${name}`, () => res.sendStatus(200));
};

fastify.get('/dig', async (request: FastifyRequest<{ Querystring: { host: string } }>, reply: FastifyReply) => {
  // ruleid: js-command-injection
  exec('dig ' + request.query.host, (e, out) => reply.send(out));
});

export const safeArchive = (req: Request, res: Response): void => {
  // ok: js-command-injection
  execFile('tar', ['czf', '/tmp/out.tgz', req.params.name], () => res.sendStatus(200));
};
