import os

import rsa
from Crypto.Cipher import AES, ARC4, DES, DES3
from Crypto.PublicKey import RSA
from Cryptodome.Cipher import Blowfish
from cryptography.hazmat.primitives.asymmetric import rsa as crsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

STATIC_IV = b"0123456789abcdef"


def encrypt_des(key, data):
    # ruleid: py-weak-cipher
    cipher = DES.new(key, DES.MODE_CBC, iv=os.urandom(8))
    return cipher.encrypt(data)


def encrypt_3des(key, data):
    # ruleid: py-weak-cipher
    return DES3.new(key, DES3.MODE_EAX).encrypt(data)


def rc4(key, data):
    # ruleid: py-weak-cipher
    return ARC4.new(key).encrypt(data)


def blowfish(key):
    # ruleid: py-weak-cipher
    return Blowfish.new(key, Blowfish.MODE_CBC)


def aes_ecb(key, data):
    # ruleid: py-weak-cipher
    return AES.new(key, AES.MODE_ECB).encrypt(data)


def aes_ecb_via_variable(key, data):
    # ruleid: py-weak-cipher
    mode = AES.MODE_ECB
    return AES.new(key, mode).encrypt(data)


def des_ecb(key, data):
    # one report for the call, not a second one for the mode
    # ruleid: py-weak-cipher
    return DES.new(key, DES.MODE_ECB).encrypt(data)


def hazmat_3des(key):
    # ruleid: py-weak-cipher
    return Cipher(algorithms.TripleDES(key), modes.CBC(os.urandom(8)))


def hazmat_ecb(key):
    # ruleid: py-weak-cipher
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def zero_iv(key):
    # ruleid: py-weak-cipher
    return Cipher(algorithms.AES(key), modes.CBC(b"\0" * 16)).encryptor()


def zero_iv_variable(key, data):
    iv = bytes(16)
    # ruleid: py-weak-cipher
    return AES.new(key, AES.MODE_CBC, iv).encrypt(data)


def module_constant_iv(key, data):
    # ruleid: py-weak-cipher
    return AES.new(key, AES.MODE_CBC, iv=STATIC_IV).encrypt(data)


def fixed_nonce(key, data):
    # ruleid: py-weak-cipher
    return AES.new(key, AES.MODE_GCM, nonce=b"fixed-nonce!").encrypt_and_digest(data)


def small_rsa():
    # ruleid: py-weak-cipher
    return crsa.generate_private_key(public_exponent=65537, key_size=1024)


def small_rsa_variable():
    bits = 1024
    # ruleid: py-weak-cipher
    return RSA.generate(bits)


def small_rsa_lib():
    # ruleid: py-weak-cipher
    return rsa.newkeys(512)


# ---- negatives ----


def aes_gcm(key, data):
    # ok: py-weak-cipher
    return AESGCM(key).encrypt(os.urandom(12), data, None)


def aes_cbc_random_iv(key):
    iv = os.urandom(16)
    # ok: py-weak-cipher
    return Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()


def aes_gcm_pycryptodome(key, data):
    # ok: py-weak-cipher
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)


def decrypt_with_received_iv(key, iv, data):
    # ok: py-weak-cipher
    return AES.new(key, AES.MODE_CBC, iv).decrypt(data)


def refuse_ecb(mode):
    # ok: py-weak-cipher
    if mode == AES.MODE_ECB:
        raise ValueError("ECB is not allowed")


def strong_rsa():
    # ok: py-weak-cipher
    return crsa.generate_private_key(public_exponent=65537, key_size=3072)


def strong_rsa_pycryptodome():
    # ok: py-weak-cipher
    return RSA.generate(2048)
