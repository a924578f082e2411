import sqlite3

import pandas as pd
from django.db import connection
from django.db.models.expressions import RawSQL
from flask import Flask, request
from sqlalchemy import text

from myapp.models import User

app = Flask(__name__)


@app.route("/user")
def find_user():
    name = request.args.get("name")
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: py-sql-injection
    cur.execute(f"SELECT id, email FROM users WHERE username = '{name}'")
    return str(cur.fetchone())


@app.route("/orders", methods=["POST"])
def orders():
    sql = "SELECT * FROM orders WHERE status = '%s'" % request.form["status"]
    sql += " ORDER BY id"
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: py-sql-injection
    cur.execute(sql)
    return "ok"


@app.route("/jobs")
def jobs(session):
    status = request.args["status"]
    # ruleid: py-sql-injection
    return str(session.execute(text("SELECT * FROM jobs WHERE status = '" + status + "'")).all())


def django_search(request):
    term = request.GET.get("q", "")
    # ruleid: py-sql-injection
    return User.objects.raw("SELECT * FROM auth_user WHERE last_name = '%s'" % term)


def django_order(request):
    # ruleid: py-sql-injection
    return User.objects.annotate(v=RawSQL("SELECT %s" % request.GET["col"], []))


def django_detail(request, slug):
    with connection.cursor() as cursor:
        # ruleid: py-sql-injection
        cursor.execute("SELECT * FROM pages WHERE slug = '{}'".format(slug))
        return cursor.fetchone()


@app.route("/report")
def report():
    region = request.cookies.get("region")
    # ruleid: py-sql-injection
    return pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", "sqlite:///x.db").to_html()


# ---- negatives ----


@app.route("/user2")
def find_user_param():
    name = request.args.get("name")
    cur = sqlite3.connect("app.db").cursor()
    # ok: py-sql-injection
    cur.execute("SELECT id, email FROM users WHERE username = ?", (name,))
    return str(cur.fetchone())


@app.route("/user3")
def find_user_fstring_placeholder():
    name = request.args.get("name")
    sql = f"SELECT username FROM users WHERE password = ?"
    cur = sqlite3.connect("app.db").cursor()
    # ok: py-sql-injection
    cur.execute(sql, (name,))
    return "ok"


@app.route("/item")
def item():
    item_id = int(request.args["id"])
    cur = sqlite3.connect("app.db").cursor()
    # ok: py-sql-injection
    cur.execute(f"SELECT * FROM items WHERE id = {item_id}")
    return "ok"


@app.route("/jobs2")
def jobs_named(session):
    # ok: py-sql-injection
    return str(session.execute(text("SELECT * FROM jobs WHERE status = :s"), {"s": request.args["s"]}).all())


def django_orm(request):
    # ok: py-sql-injection
    return User.objects.filter(last_name=request.GET.get("q", ""))


def constant_query(conn):
    # ok: py-sql-injection
    conn.execute("SELECT COUNT(*) FROM users")
