# A module using `match` (PEP 634): semgrep parses it with its fallback parser, where a string
# literal bound to a metavariable has no quotes; the "none" algorithm must still be caught.
import jwt


def claims_for(kind, token, key):
    match kind:
        case "service":
            return jwt.decode(token, key, algorithms=["RS256"])
        case _:
            # ruleid: py-jwt-unverified
            return jwt.decode(token, key, algorithms=["HS256", "none"])


def strict_claims(token, key):
    # ok: py-jwt-unverified
    return jwt.decode(token, key, algorithms=["HS256"])
