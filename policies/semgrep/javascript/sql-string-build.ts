import { Request, Response } from 'express';
import { PrismaClient, Prisma } from '@prisma/client';
import { NextRequest, NextResponse } from 'next/server';
import { DataSource } from 'typeorm';

const prisma = new PrismaClient();

export const getUser = async (req: Request, res: Response): Promise<void> => {
  const { email } = req.body;
  // ruleid: js-sql-string-build
  const users = await prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${email}'`);
  res.json(users);
};

export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q');
  // ruleid: js-sql-string-build
  const rows = await dataSource.query(`SELECT * FROM product WHERE name LIKE '%${q}%'`);
  return NextResponse.json(rows);
}

export class ReportService {
  constructor(private readonly dataSource: DataSource) {}
  async byRegion(region: string) {
    // ruleid: js-sql-string-build
    return this.dataSource.query(`SELECT * FROM sales WHERE region = '${region}'`);
  }
  async byId(id: number) {
    // ok: js-sql-string-build
    return this.dataSource.query(`SELECT * FROM sales WHERE id = ${id}`);
  }
}

export const safeUser = async (req: Request, res: Response) => {
  // ok: js-sql-string-build
  const users = await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.body.email}`;
  res.json(users);
};

export const safeUser2 = async (req: Request, res: Response) => {
  // ok: js-sql-string-build
  const users = await prisma.$queryRaw(Prisma.sql`SELECT * FROM "User" WHERE id = ${req.params.id}`);
  res.json(users);
};

export const safeUser3 = async (req: Request, res: Response) => {
  // ok: js-sql-string-build
  const users = await prisma.$executeRawUnsafe('UPDATE "User" SET name = $1 WHERE id = $2', req.body.name, req.params.id);
  res.json(users);
};
