import xml.dom.minidom
import xml.dom.pulldom
import xml.sax
import xml.sax.handler
import xml.etree.ElementTree as ET

import defusedxml.ElementTree
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: py-xxe
    root = etree.fromstring(request.get_data(), parser)
    return root.tag


@app.route("/import2", methods=["POST"])
def import_minidom():
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ruleid: py-xxe
    doc = xml.dom.minidom.parseString(request.form["xml"], parser)
    return doc.documentElement.tagName


@app.route("/import3", methods=["POST"])
def import_network():
    parser = etree.XMLParser(no_network=False)
    # ruleid: py-xxe
    tree = etree.parse(request.files["doc"], parser=parser)
    return tree.getroot().tag


# ---- negatives ----


@app.route("/safe", methods=["POST"])
def import_defused():
    # ok: py-xxe
    return defusedxml.ElementTree.fromstring(request.get_data()).tag


@app.route("/safe2", methods=["POST"])
def import_default_sax():
    parser = xml.sax.make_parser()
    # ok: py-xxe
    doc = xml.dom.minidom.parseString(request.form["xml"], parser)
    return doc.documentElement.tagName


@app.route("/safe3", methods=["POST"])
def import_etree():
    # ok: py-xxe
    return ET.fromstring(request.get_data()).tag


@app.route("/safe4", methods=["POST"])
def import_lxml_hardened():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: py-xxe
    return etree.fromstring(request.get_data(), parser).tag


def load_own_config(path):
    parser = etree.XMLParser(resolve_entities=True)
    # ok: py-xxe
    return etree.parse(path, parser)
