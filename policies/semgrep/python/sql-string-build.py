import sqlite3

import pandas as pd
import psycopg2
from django.db import connection
from sqlalchemy import text

from myapp.models import User


def find_user_fstring(conn: sqlite3.Connection, username: str):
    cur = conn.cursor()
    # ruleid: py-sql-string-build
    cur.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    return cur.fetchone()


def find_user_percent(db, user_id):
    cursor = db.cursor()
    # ruleid: py-sql-string-build
    cursor.execute("SELECT * FROM orders WHERE user_id = %s" % user_id)
    return cursor.fetchall()


def delete_by_format(db, table, row_id):
    query = "DELETE FROM {} WHERE id = {}".format(table, row_id)
    with db.cursor() as cursor:
        # ruleid: py-sql-string-build
        cursor.execute(query)


def search_concat(db, term):
    sql = "SELECT * FROM products WHERE name LIKE '%" + term + "%'"
    sql += " ORDER BY name"
    cursor = db.cursor()
    # ruleid: py-sql-string-build
    cursor.execute(sql)


def bulk_insert(db, table, rows):
    cursor = db.cursor()
    # ruleid: py-sql-string-build
    cursor.executemany(f"INSERT INTO {table} (a, b) VALUES (%s, %s)", rows)


def sqlalchemy_text(session, status):
    # ruleid: py-sql-string-build
    return session.execute(text(f"SELECT * FROM jobs WHERE status = '{status}'")).all()


def django_raw(name):
    # ruleid: py-sql-string-build
    return User.objects.raw("SELECT * FROM auth_user WHERE last_name = '%s'" % name)


def pandas_report(engine, region):
    # ruleid: py-sql-string-build
    return pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", engine)


def django_cursor(order_id):
    with connection.cursor() as cursor:
        # ruleid: py-sql-string-build
        cursor.execute("UPDATE orders SET paid = 1 WHERE id = " + str(order_id))


# ---- negatives ----


def find_user_param(conn, username):
    cur = conn.cursor()
    # ok: py-sql-string-build
    cur.execute("SELECT id, email FROM users WHERE username = %s", (username,))


def find_user_qmark(conn, username):
    # ok: py-sql-string-build
    conn.execute("SELECT id FROM users WHERE username = ?", (username,))


def constant_query(conn):
    query = "SELECT COUNT(*) FROM users"
    # ok: py-sql-string-build
    conn.execute(query)


def constant_concat(conn):
    # ok: py-sql-string-build
    conn.execute("SELECT id FROM users " + "WHERE active = 1")


def named_params(session, status):
    # ok: py-sql-string-build
    return session.execute(text("SELECT * FROM jobs WHERE status = :status"), {"status": status})


def formatted_param_value(conn, first, last):
    # ok: py-sql-string-build
    conn.execute("INSERT INTO people (full_name) VALUES (%s)", (f"{first} {last}",))


def pandas_params(engine, region):
    # ok: py-sql-string-build
    return pd.read_sql("SELECT * FROM sales WHERE region = %(region)s", engine, params={"region": region})


def not_sql(logger, name):
    # ok: py-sql-string-build
    logger.info(f"user {name} logged in")


def fstring_without_values(conn, password):
    sql = f"SELECT username FROM users WHERE password = ?"
    # ok: py-sql-string-build
    conn.execute(sql, (password,))


def flask_view_is_left_to_taint_rule(request, conn):
    # ok: py-sql-string-build
    conn.execute(f"SELECT * FROM t WHERE a = '{request.GET['a']}'")
