import json

from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["app"]


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    # ruleid: py-nosql-injection
    user = db.users.find_one({"name": body["name"], "password": body["password"]} if False else body)
    return str(user)


@app.route("/search", methods=["POST"])
def search():
    query = json.loads(request.form["filter"])
    # ruleid: py-nosql-injection
    return list(db.items.find(query))


@app.route("/where")
def where():
    expr = request.args["expr"]
    # ruleid: py-nosql-injection
    return list(db.items.find({"$where": "this.price < " + expr}))


@app.route("/where2")
def where_cursor():
    cur = db.items.find({})
    # ruleid: py-nosql-injection
    cur.where("this.owner == '%s'" % request.args["owner"])
    return str(list(cur))


# ---- negatives ----


@app.route("/login2", methods=["POST"])
def login_scalar():
    body = request.get_json()
    # ok: py-nosql-injection
    user = db.users.find_one({"name": str(body["name"])})
    return str(user)


@app.route("/item/<int:item_id>")
def item(item_id):
    # ok: py-nosql-injection
    return str(db.items.find_one({"_id": item_id}))


def all_items():
    # ok: py-nosql-injection
    return list(db.items.find({"active": True}))


class RangeProductsView:
    def post(self, request, pk):
        # a Django relation's remove() and a dict's update(): not MongoDB (seen in django-oscar)
        product_ids = request.POST.getlist("product")
        products = Product.objects.filter(id__in=product_ids)
        for product in products:
            # ok: py-nosql-injection
            self.product_range.excluded_products.remove(product)
        context = {}
        # ok: py-nosql-injection
        context.update(request.POST)
        # ok: py-nosql-injection
        return render(request, "range.html", {"body": request.POST["note"], **context})


@app.route("/legacy")
def legacy_update():
    # ruleid: py-nosql-injection
    db.accounts.update(request.get_json(), {"$set": {"seen": True}})
    # ruleid: py-nosql-injection
    removed = mongo_db["orders"].remove(request.get_json())
    return {"removed": removed["n"]}
