import base64
import hmac
import os
import random
import secrets
import string
from random import randint

import numpy as np
from flask import make_response, session


def reset_code_for(user):
    # ruleid: py-weak-random
    user.reset_code = str(random.randint(100000, 999999))
    return user


def remember_me(request, store):
    value = str(random.random())[2:]
    # ruleid: py-weak-random
    request.session["remember"] = value


def api_key_hex():
    # ruleid: py-weak-random
    api_key = "%032x" % random.getrandbits(128)
    return api_key


def generate_token(length=32):
    alphabet = string.ascii_letters + string.digits
    # ruleid: py-weak-random
    return "".join(random.choice(alphabet) for _ in range(length))


def make_password():
    chars = []
    for _ in range(12):
        chars.append(random.choice(string.ascii_letters + string.digits))
    # ruleid: py-weak-random
    return "".join(chars)


def login_cookie():
    resp = make_response("ok")
    value = base64.b64encode(random.randbytes(16)).decode()
    # ruleid: py-weak-random
    resp.set_cookie("sid", value, secure=True, httponly=True)
    return resp


def seeded_rng_nonce():
    rng = random.Random()
    # ruleid: py-weak-random
    nonce = rng.getrandbits(64)
    return nonce


def otp_from_import():
    # ruleid: py-weak-random
    session["otp"] = randint(0, 999999)


def numpy_salt():
    # ruleid: py-weak-random
    salt = np.random.bytes(16)
    return salt


def sign(msg):
    key = bytes(random.getrandbits(8) for _ in range(32))
    # ruleid: py-weak-random
    return hmac.new(key, msg, "sha256").hexdigest()


def create_user(User, name):
    # ruleid: py-weak-random
    return User(name=name, password=str(random.random()))


# ---- negatives: the safe twins ----


def reset_code_secure(user):
    # ok: py-weak-random
    user.reset_code = str(secrets.randbelow(1_000_000)).zfill(6)


def token_secure():
    # ok: py-weak-random
    token = secrets.token_urlsafe(32)
    return token


def system_random_password():
    rng = random.SystemRandom()
    # ok: py-weak-random
    password = "".join(rng.choice(string.ascii_letters) for _ in range(16))
    return password


def system_random_inline():
    # ok: py-weak-random
    session_key = str(random.SystemRandom().getrandbits(64))
    return session_key


def urandom_salt():
    # ok: py-weak-random
    salt = os.urandom(16)
    return salt


# ---- negatives: ordinary uses of random ----


def backoff(attempt):
    # ok: py-weak-random
    delay = 2 ** attempt + random.uniform(0, 1)
    return delay


def pick_greeting(greetings):
    # ok: py-weak-random
    greeting = random.choice(greetings)
    return greeting


def sample_request():
    # ok: py-weak-random
    sampled = random.random() < 0.01
    return sampled


def shuffle_quiz(questions):
    picked = random.sample(questions, 5)
    # ok: py-weak-random
    return {"questions": picked}


def next_token(vocab, weights):
    # ok: py-weak-random
    next_token = random.choices(vocab, weights=weights)[0]
    return next_token


def token_count_jitter():
    # ok: py-weak-random
    max_tokens = random.randint(100, 200)
    return max_tokens


def simulate(n):
    # ok: py-weak-random
    return [np.random.randn() for _ in range(n)]


def ab_bucket(session_id):
    # ok: py-weak-random
    bucket = random.Random(session_id).choice(["a", "b"])
    return bucket
