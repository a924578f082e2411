const mysql = require('mysql2/promise');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg' });

async function getUser(req, db) {
  const id = req.params.id;
  // ruleid: js-sql-string-build
  const [rows] = await db.query(`SELECT * FROM users WHERE id = ${id}`);
  return rows;
}

async function byName(pool, name) {
  // ruleid: js-sql-string-build
  return pool.query("SELECT * FROM users WHERE name = '" + name + "'");
}

async function deleteUser(conn, id) {
  const sql = "DELETE FROM users WHERE id = " + id;
  // ruleid: js-sql-string-build
  await conn.execute(sql);
}

async function search(term) {
  // ruleid: js-sql-string-build
  return knex.raw(`SELECT * FROM posts WHERE title LIKE '%${term}%'`);
}

async function seqSearch(sequelize, email) {
  // ruleid: js-sql-string-build
  return sequelize.query(`SELECT * FROM accounts WHERE email = '${email}'`);
}

async function safeGet(pool, id) {
  // ok: js-sql-string-build
  return pool.query("SELECT * FROM users WHERE id = $1", [id]);
}

async function safeMysql(conn, id) {
  // ok: js-sql-string-build
  return conn.execute('SELECT * FROM users WHERE id = ?', [id]);
}

async function safeKnex(term) {
  // ok: js-sql-string-build
  return knex.raw('SELECT * FROM posts WHERE title LIKE ?', [`%${term}%`]);
}

async function constantSql(pool) {
  // ok: js-sql-string-build
  return pool.query(`SELECT count(*) FROM users`);
}

function notSql(client, name) {
  // ok: js-sql-string-build
  return client.execute(`deploy ${name}`);
}
