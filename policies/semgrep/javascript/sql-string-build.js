const mysql = require('mysql2/promise');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg' });
const express = require('express');
const app = express();
const pool = new Pool();

app.get('/users/:id', async (req, res) => {
  // ruleid: js-sql-string-build
  const [rows] = await db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  res.json(rows);
});

app.get('/search', async (req, res) => {
  const name = req.query.name;
  const sql = "SELECT * FROM users WHERE name = '" + name + "'";
  // ruleid: js-sql-string-build
  const r = await pool.query(sql);
  res.json(r.rows);
});

router.post('/orders', function (req, res) {
  // ruleid: js-sql-string-build
  connection.query({ sql: 'SELECT * FROM orders WHERE status = ' + req.body.status }, (err, rows) => res.json(rows));
});

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

app.get('/sorted', async (req, res) => {
  // ruleid: js-sql-string-build
  const rows = await knex('users').select('*').orderByRaw(req.query.sort);
  res.json(rows);
});

app.get('/literal', async (req, res) => {
  // ruleid: js-sql-string-build
  const rows = await User.findAll({ where: sequelize.literal(`name = '${req.query.name}'`) });
  res.json(rows);
});

app.get('/sqlite', (req, res) => {
  // ruleid: js-sql-string-build
  db.all('SELECT * FROM notes WHERE owner = "' + req.cookies.user + '"', (err, rows) => res.json(rows));
});

async function safeGet(pool, id) {
  // ok: js-sql-string-build
  return pool.query("SELECT * FROM users WHERE id = $1", [id]);
}

app.get('/safe/:id', async (req, res) => {
  // ok: js-sql-string-build
  const [rows] = await db.execute('SELECT * FROM users WHERE id = ?', [req.params.id]);
  res.json(rows);
});

app.get('/safe-knex', async (req, res) => {
  // ok: js-sql-string-build
  const rows = await knex.raw('SELECT * FROM posts WHERE title LIKE ?', [`%${req.query.term}%`]);
  res.json(rows);
});

app.get('/safe-builder', async (req, res) => {
  // ok: js-sql-string-build
  const rows = await knex('users').where({ name: req.query.name });
  res.json(rows);
});

app.get('/safe-int/:id', async (req, res) => {
  const id = parseInt(req.params.id, 10);
  // ok: js-sql-string-build
  const r = await pool.query(`SELECT * FROM users WHERE id = ${id}`);
  res.json(r.rows);
});

app.get('/escaped', async (req, res) => {
  // ok: js-sql-string-build
  const r = await connection.query('SELECT * FROM users WHERE name = ' + connection.escape(req.query.name));
  res.json(r);
});

async function constantSql(pool) {
  // ok: js-sql-string-build
  return pool.query(`SELECT count(*) FROM users`);
}

async function runPrepared(pool, sql, params) {
  // ok: js-sql-string-build
  return pool.query(sql, params);
}

const TABLE = 'users';
async function fixedTable(pool) {
  // ok: js-sql-string-build
  return pool.query('SELECT * FROM ' + TABLE);
}

function cacheLookup(cache, key) {
  // ok: js-sql-string-build
  return cache.get('user:' + key);
}
