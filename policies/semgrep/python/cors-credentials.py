from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, request
from flask_cors import CORS, cross_origin

app = Flask(__name__)

# ruleid: py-cors-credentials
CORS(app, supports_credentials=True)

# ruleid: py-cors-credentials
CORS(app, origins="*", supports_credentials=True)


@app.route("/me")
# ruleid: py-cors-credentials
@cross_origin(supports_credentials=True)
def me():
    return {}


api = FastAPI()
# ruleid: py-cors-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])


@app.after_request
def add_cors(resp):
    # ruleid: py-cors-credentials
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
    resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


def django_view(request, response):
    origin = request.META.get("HTTP_ORIGIN")
    response["Access-Control-Allow-Credentials"] = "true"
    # ruleid: py-cors-credentials
    response["Access-Control-Allow-Origin"] = origin
    return response


# django-cors-headers settings
CORS_ALLOW_CREDENTIALS = True
# ruleid: py-cors-credentials
CORS_ALLOW_ALL_ORIGINS = True


# ---- negatives ----

# ok: py-cors-credentials
CORS(app, origins=["https://app.example.com"], supports_credentials=True)

# ok: py-cors-credentials
CORS(app)

# ok: py-cors-credentials
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)

# ok: py-cors-credentials
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])

ALLOWED_ORIGINS = {"https://app.example.com"}


@app.after_request
def add_cors_checked(resp):
    origin = request.headers.get("Origin", "")
    if origin in ALLOWED_ORIGINS:
        # ok: py-cors-credentials
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


def public_api(resp):
    # no credentials: a public, read-only API
    # ok: py-cors-credentials
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    return resp
