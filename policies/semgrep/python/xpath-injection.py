import xml.etree.ElementTree as ET

import elementpath
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("employees.xml")


@app.route("/employee")
def employee():
    emp_id = request.args["id"]
    # ruleid: py-xpath-injection
    nodes = TREE.xpath(f"/Employees/Employee[@emplid='{emp_id}']")
    return str(len(nodes))


@app.route("/employee2", methods=["POST"])
def employee_compiled():
    query = "/Employees/Employee[@name='" + request.form["name"] + "']"
    # ruleid: py-xpath-injection
    find = etree.XPath(query)
    return str(len(find(TREE)))


@app.route("/employee3")
def employee_elementpath():
    root = ET.parse("employees.xml")
    # ruleid: py-xpath-injection
    return str(elementpath.select(root, "//Employee[@id='%s']" % request.args["id"]))


@app.route("/employee4")
def employee_etree():
    root = ET.parse("employees.xml").getroot()
    # ruleid: py-xpath-injection
    return str(root.findall(".//Employee[@dept='" + request.args["dept"] + "']"))


# ---- negatives ----


@app.route("/employee5")
def employee_variables():
    # ok: py-xpath-injection
    nodes = TREE.xpath("/Employees/Employee[@emplid=$id]", id=request.args["id"])
    return str(len(nodes))


@app.route("/employee6")
def employee_quotes_rejected():
    emp_id = request.args["id"]
    if "'" in emp_id:
        return "invalid id", 400
    # ok: py-xpath-injection
    return str(TREE.xpath(f"/Employees/Employee[@emplid='{emp_id}']"))


@app.route("/employee7")
def employee_numeric():
    emp_id = int(request.args["id"])
    # ok: py-xpath-injection
    return str(TREE.xpath(f"/Employees/Employee[@emplid={emp_id}]"))


@app.route("/search")
def text_search():
    text = "some document text"
    # ok: py-xpath-injection
    return str(text.find(request.args["q"]))
