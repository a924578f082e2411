import hashlib
import os

import bcrypt
from argon2 import PasswordHasher


def check_login(user, password):
    # ruleid: py-weak-password-hash
    return user.pw_hash == hashlib.sha256(password.encode("utf-8")).hexdigest()


def salted(salt, raw_password):
    # ruleid: py-weak-password-hash
    return hashlib.sha512((salt + raw_password).encode()).hexdigest()


def legacy(form):
    # ruleid: py-weak-password-hash
    return hashlib.sha3_256(form["passwd"].encode()).hexdigest()


def incremental(pwd: bytes, salt: bytes):
    h = hashlib.sha256()
    h.update(salt)
    # ruleid: py-weak-password-hash
    h.update(pwd)
    return h.hexdigest()


def by_name(user_password):
    # ruleid: py-weak-password-hash
    return hashlib.new("sha256", user_password.encode()).hexdigest()


# ---- negatives ----


def md5_password(password):
    # reported once, by py-broken-crypto (ERROR)
    # ok: py-weak-password-hash
    return hashlib.md5(password.encode()).hexdigest()


def register_bcrypt(password: str) -> bytes:
    # ok: py-weak-password-hash
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def register_argon2(password: str) -> str:
    # ok: py-weak-password-hash
    return PasswordHasher().hash(password)


def register_pbkdf2(password: str) -> bytes:
    salt = os.urandom(16)
    # ok: py-weak-password-hash
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def register_scrypt(password: str) -> bytes:
    salt = os.urandom(16)
    # ok: py-weak-password-hash
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


def store_reset_token(password_reset_token: str) -> str:
    # high-entropy random token: a fast hash is the right tool
    # ok: py-weak-password-hash
    return hashlib.sha256(password_reset_token.encode()).hexdigest()


def api_secret_digest(client_secret):
    # ok: py-weak-password-hash
    return hashlib.sha256(client_secret.encode()).hexdigest()


def file_checksum(path):
    with open(path, "rb") as fh:
        # ok: py-weak-password-hash
        return hashlib.sha256(fh.read()).hexdigest()
