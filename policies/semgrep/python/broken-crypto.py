import hashlib
import hmac

from Crypto.Hash import MD5, SHA
from cryptography.hazmat.primitives import hashes

LEGACY_DIGEST = "sha1"


def sign_token(payload: bytes) -> str:
    # ruleid: py-broken-crypto
    return hashlib.md5(payload).hexdigest()


def reset_token(user_id: str, ts: str) -> str:
    # ruleid: py-broken-crypto
    return hashlib.sha1(f"{user_id}:{ts}".encode()).hexdigest()


def store_password(password: str) -> str:
    # ruleid: py-broken-crypto
    return hashlib.md5(password.encode()).hexdigest()


def by_name(data):
    # ruleid: py-broken-crypto
    return hashlib.new("md5", data).hexdigest()


def by_variable(data):
    alg = "md5"
    # ruleid: py-broken-crypto
    h = hashlib.new(alg)
    h.update(data)
    return h.digest()


def by_module_constant(data):
    # ruleid: py-broken-crypto
    return hashlib.new(LEGACY_DIGEST, data).hexdigest()


def empty_then_update(data):
    # ruleid: py-broken-crypto
    h = hashlib.sha1()
    h.update(data)
    return h.hexdigest()


def pycryptodome(data):
    # ruleid: py-broken-crypto
    return MD5.new(data).hexdigest()


def pycryptodome_sha(data):
    # ruleid: py-broken-crypto
    return SHA.new(data).hexdigest()


def hazmat_md5():
    # ruleid: py-broken-crypto
    return hashes.Hash(hashes.MD5())


# ---- negatives ----


def cache_key(url: str) -> str:
    # ok: py-broken-crypto
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def etag_by_name(body: bytes) -> str:
    # ok: py-broken-crypto
    return hashlib.new("md5", body, usedforsecurity=False).hexdigest()


def sha256_sig(key: bytes, msg: bytes) -> str:
    # ok: py-broken-crypto
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def strong_digest(data):
    # ok: py-broken-crypto
    return hashlib.sha256(data).hexdigest()


def strong_by_name(data):
    # ok: py-broken-crypto
    return hashlib.new("sha384", data).hexdigest()


def strong_by_variable(data):
    alg = "sha512"
    # ok: py-broken-crypto
    return hashlib.new(alg, data).hexdigest()


def hazmat_sha256():
    # ok: py-broken-crypto
    return hashes.Hash(hashes.SHA256())
