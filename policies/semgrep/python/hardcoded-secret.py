import os

import boto3
import psycopg2
import stripe
from pydantic_settings import BaseSettings

# ruleid: py-hardcoded-secret
API_KEY = "sk_live_51H8x2kLq9ZzT0aB7cD4eF"

# ruleid: py-hardcoded-secret
SECRET_KEY = "django-insecure-7#x!q2w@9z$k1m^r0p&l"

# ruleid: py-hardcoded-secret
stripe.api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


class Settings(BaseSettings):
    # ruleid: py-hardcoded-secret
    jwt_secret: str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    # ok: py-hardcoded-secret
    jwt_algorithm: str = "HS256"


def connect():
    # ruleid: py-hardcoded-secret
    return psycopg2.connect(host="db", user="app", password="Pr0d-P@ssw0rd!")


def s3_client():
    return boto3.client(
        "s3",
        aws_access_key_id="AKIAIOSFODNN7EXAMPL1",
        # ruleid: py-hardcoded-secret
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPL1KEY",
    )


def configure(app):
    # ruleid: py-hardcoded-secret
    app.config["SECRET_KEY"] = "a1b2c3d4e5f6g7h8i9j0"


HEADERS = {
    # ruleid: py-hardcoded-secret
    "X-Api-Key": "3c6e0b8a9c15224a8228b9a98ca1531d",
}


class GithubClient:
    def __init__(self):
        # ruleid: py-hardcoded-secret
        self.accessToken = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


class ConfigurationTypeField:
    # ok: py-hardcoded-secret
    PASSWORD = "Password"
    # ok: py-hardcoded-secret
    SECRET = "Secret"


# ok: py-hardcoded-secret
SECRET_BACKEND = "AwsSecretsManagerBackend"

# ruleid: py-hardcoded-secret
ADMIN_PASSWORD = "Welcome2024"


# ruleid: py-hardcoded-secret
def login(username="admin", password="hunter22"):
    return username, password


def mysql():
    import mysql.connector

    # ruleid: py-hardcoded-secret
    return mysql.connector.connect(host="db", user="root", password="root")


def redis_client():
    import redis

    # ruleid: py-hardcoded-secret
    return redis.Redis(host="cache", port=6379, password="hunter2")


def basic_auth(url):
    import requests
    from requests.auth import HTTPBasicAuth

    # ruleid: py-hardcoded-secret
    requests.get(url, auth=HTTPBasicAuth("admin", "admin123"))
    # ruleid: py-hardcoded-secret
    return requests.get(url, auth=("svc", "Winter2024"))


def send(smtp):
    # ruleid: py-hardcoded-secret
    smtp.login("alerts@corp.example", "mailpass1")


def check_admin(password):
    # ruleid: py-hardcoded-secret
    if password == "admin":
        return True
    return False


def check_form(form):
    # ruleid: py-hardcoded-secret
    return form.get("api_key", "") == "k-82hd62jd92"


# ruleid: py-hardcoded-secret
DATABASE_URL = "postgres://app:Sup3rS3cret@db.internal:5432/app"

# ruleid: py-hardcoded-secret
conn = psycopg2.connect("host=db.internal dbname=app user=app password=Sup3rS3cret")


# ---- negatives ----

# ok: py-hardcoded-secret
LOCAL_DB = "postgres://postgres:postgres@localhost:5432/dev"

# ok: py-hardcoded-secret
DSN = "postgres://app:${DB_PASSWORD}@db.internal/app"

# ok: py-hardcoded-secret
HOME = "https://example.com/docs"


def env_connect():
    import mysql.connector

    # ok: py-hardcoded-secret
    return mysql.connector.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])


def env_auth(url):
    import requests

    # ok: py-hardcoded-secret
    return requests.get(url, auth=("svc", os.environ["SVC_PASSWORD"]))


def compare_input(password, stored):
    # ok: py-hardcoded-secret
    return password == stored


def empty_check(password):
    # ok: py-hardcoded-secret
    if password == "":
        raise ValueError("password required")

# ok: py-hardcoded-secret
API_KEY_ENV = "MYAPP_API_KEY"

# ok: py-hardcoded-secret
api_key = os.environ["API_KEY"]

# ok: py-hardcoded-secret
client_secret = os.getenv("CLIENT_SECRET", "")

# ok: py-hardcoded-secret
password = ""

# ok: py-hardcoded-secret
DB_PASSWORD = "changeme"

# ok: py-hardcoded-secret
SLACK_TOKEN = "<your-slack-token>"

# ok: py-hardcoded-secret
TOKEN_URL = "https://oauth2.googleapis.com/token"

# ok: py-hardcoded-secret
token_type = "Bearer"

# ok: py-hardcoded-secret
password_field = "password"

# ok: py-hardcoded-secret
SESSION_TOKEN_KEY = "auth_token"

# ok: py-hardcoded-secret
password_prompt = "Enter your password:"

# ok: py-hardcoded-secret
tokenizer = "bert-base-uncased"

# ok: py-hardcoded-secret
secret = "${VAULT_SECRET}"


def reset(user):
    # ok: py-hardcoded-secret
    send_mail(to=user.email, template="password_reset.html", subject="Reset your password")


def token_kind(payload):
    # the kind of a token, not a token (seen in django-allauth's OIDC provider)
    # ok: py-hardcoded-secret
    if payload.get("token_use") == "access":
        return "access"
    token_use = payload["token_use"]
    # ok: py-hardcoded-secret
    return token_use == "refresh"


# rate limits keyed by the action on a password, not passwords
RATE_LIMITS = {
    # ok: py-hardcoded-secret
    "change_password": "5/m/user",
    # ok: py-hardcoded-secret
    "reset_password": "20/m/ip",
}


def service_login(form):
    # ruleid: py-hardcoded-secret
    return form["api_token"] == "9f8e7d6c5b4a"
