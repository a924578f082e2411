import { Request, Response } from 'express';
import { Context } from 'koa';

export async function login(req: Request, res: Response) {
  // ruleid: js-nosql-injection
  const user = await UserModel.findOne({ email: req.body.email, password: req.body.password }).exec();
  res.json(user);
}

export async function koaSearch(ctx: Context) {
  // ruleid: js-nosql-injection
  ctx.body = await this.userModel.find({ role: ctx.request.body.role });
}

export async function byString(req: Request, res: Response) {
  const email: string = String(req.body.email);
  // ok: js-nosql-injection
  const user = await UserModel.findOne({ email });
  res.json(user);
}
