# A module using `match` (PEP 634): semgrep parses it with its fallback parser, where a string
# literal bound to a metavariable has no quotes; hashlib.new("sha256") must still be caught.
import hashlib

import bcrypt


def store(kind, password):
    match kind:
        case "legacy":
            # ruleid: py-weak-password-hash
            return hashlib.new("sha256", password.encode()).hexdigest()
        case _:
            # ok: py-weak-password-hash
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def checksum(blob):
    # ok: py-weak-password-hash
    return hashlib.new("sha256", blob).hexdigest()
