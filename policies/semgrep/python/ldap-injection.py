import ldap
import ldap3
from flask import Flask, request
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
BASE = "ou=users,dc=example,dc=com"


@app.route("/lookup")
def lookup(conn: ldap3.Connection):
    uid = request.args["uid"]
    # ruleid: py-ldap-injection
    conn.search(BASE, f"(&(objectClass=person)(uid={uid}))", attributes=ldap3.ALL_ATTRIBUTES)
    return str(conn.entries)


@app.route("/lookup2")
def lookup_kw(conn: ldap3.Connection):
    flt = "(mail=" + request.args["mail"] + ")"
    # ruleid: py-ldap-injection
    conn.search(search_base=BASE, search_filter=flt)
    return str(conn.entries)


def django_lookup(request):
    con = ldap.initialize("ldap://ldap.example.com")
    # ruleid: py-ldap-injection
    return con.search_s(BASE, ldap.SCOPE_SUBTREE, "(cn=%s)" % request.GET["cn"])


# ---- negatives ----


@app.route("/lookup3")
def lookup_escaped(conn: ldap3.Connection):
    uid = escape_filter_chars(request.args["uid"])
    # ok: py-ldap-injection
    conn.search(BASE, f"(&(objectClass=person)(uid={uid}))")
    return str(conn.entries)


def django_lookup_escaped(request):
    con = ldap.initialize("ldap://ldap.example.com")
    # ok: py-ldap-injection
    return con.search_s(BASE, ldap.SCOPE_SUBTREE, "(cn=%s)" % ldap.filter.escape_filter_chars(request.GET["cn"]))


@app.route("/all")
def all_people(conn: ldap3.Connection):
    # ok: py-ldap-injection
    conn.search(BASE, "(objectClass=person)")
    return str(conn.entries)
