import jwt
from flask import request
from jose import jwt as jose_jwt

SECRET = "dev"  # not the point of this test


def current_user_no_verify():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    # ruleid: py-jwt-unverified
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy_pyjwt1(token):
    # ruleid: py-jwt-unverified
    return jwt.decode(token, SECRET, verify=False)


def allows_none(token, key):
    # ruleid: py-jwt-unverified
    return jwt.decode(token, key, algorithms=["HS256", "none"])


def no_algorithms(token, public_key):
    # ruleid: py-jwt-unverified
    return jwt.decode(token, public_key)


def no_algorithms_kw(token, key):
    # ruleid: py-jwt-unverified
    return jwt.decode(token, key=key, audience="api")


def jose_no_alg(token, key):
    # ruleid: py-jwt-unverified
    return jose_jwt.decode(token, key)


def complete_no_verify(token):
    # ruleid: py-jwt-unverified
    return jwt.decode_complete(token, options={"verify_signature": False, "verify_exp": True})


def alg_from_header(token, key):
    # ruleid: py-jwt-unverified
    return jwt.decode(token, key, algorithms=[jwt.get_unverified_header(token)["alg"]])


# ---- negatives ----


def authlib_decode(token, key):
    from authlib.jose import jwt as authlib_jwt

    # ok: py-jwt-unverified
    return authlib_jwt.decode(token, key)


def verified(token, key):
    # ok: py-jwt-unverified
    return jwt.decode(token, key, algorithms=["RS256"], audience="api")


def verified_positional(token, key):
    # ok: py-jwt-unverified
    return jwt.decode(token, key, ["HS256"])


def verified_exp_off(token, key):
    # ok: py-jwt-unverified
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})


def header_only(token):
    # ok: py-jwt-unverified
    return jwt.get_unverified_header(token)["kid"]


def jose_verified(token, key):
    # ok: py-jwt-unverified
    return jose_jwt.decode(token, key, algorithms=["RS256"])


def encode(payload, key):
    # ok: py-jwt-unverified
    return jwt.encode(payload, key, algorithm="HS256")


def base64_decode(codec, data):
    # ok: py-jwt-unverified
    return codec.decode(data)


def decode_with_derived_key(token, private_key):
    # the key argument is itself a call with no algorithms= (seen in django-allauth)
    # ok: py-jwt-unverified
    return jwt.decode(
        token,
        key=private_key.public_key(),
        algorithms=["RS256"],
        options={"verify_signature": True, "verify_aud": False},
    )
