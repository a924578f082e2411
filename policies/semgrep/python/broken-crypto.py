import hashlib
import hmac

from Crypto.Cipher import AES, ARC4, DES, DES3
from Cryptodome.Cipher import Blowfish
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_des(key, data):
    # ruleid: py-broken-crypto
    cipher = DES.new(key, DES.MODE_CBC, iv=b"\0" * 8)
    return cipher.encrypt(data)


def encrypt_3des(key, data):
    # ruleid: py-broken-crypto
    return DES3.new(key, DES3.MODE_EAX).encrypt(data)


def rc4(key, data):
    # ruleid: py-broken-crypto
    return ARC4.new(key).encrypt(data)


def blowfish(key):
    # ruleid: py-broken-crypto
    return Blowfish.new(key, Blowfish.MODE_CBC)


def aes_ecb(key, data):
    # ruleid: py-broken-crypto
    return AES.new(key, AES.MODE_ECB).encrypt(data)


def hazmat_3des(key):
    # ruleid: py-broken-crypto
    return Cipher(algorithms.TripleDES(key), modes.CBC(b"\0" * 8))


def hazmat_ecb(key):
    # ruleid: py-broken-crypto
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def sign_token(payload: bytes) -> str:
    # ruleid: py-broken-crypto
    return hashlib.md5(payload).hexdigest()


def reset_token(user_id: str, ts: str) -> str:
    # ruleid: py-broken-crypto
    return hashlib.sha1(f"{user_id}:{ts}".encode()).hexdigest()


def by_name(data):
    # ruleid: py-broken-crypto
    return hashlib.new("md5", data).hexdigest()


def empty_then_update(data):
    # ruleid: py-broken-crypto
    h = hashlib.sha1()
    h.update(data)
    return h.hexdigest()


def hazmat_md5():
    # ruleid: py-broken-crypto
    return hashes.Hash(hashes.MD5())


# ---- negatives ----


def aes_gcm(key, nonce, data):
    # ok: py-broken-crypto
    return AESGCM(key).encrypt(nonce, data, None)


def aes_cbc(key, iv):
    # ok: py-broken-crypto
    return Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()


def cache_key(url: str) -> str:
    # ok: py-broken-crypto
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def sha256_sig(key: bytes, msg: bytes) -> str:
    # ok: py-broken-crypto
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def strong_digest(data):
    # ok: py-broken-crypto
    return hashlib.sha256(data).hexdigest()


def strong_by_name(data):
    # ok: py-broken-crypto
    return hashlib.new("sha256", data).hexdigest()


def password_md5(password):
    # reported by py-weak-password-hash instead, not twice
    # ok: py-broken-crypto
    return hashlib.md5(password.encode()).hexdigest()


def des_ecb(key, data):
    # ruleid: py-broken-crypto
    return DES.new(key, DES.MODE_ECB).encrypt(data)
