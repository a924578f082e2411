import uuid


def new_id() -> str:
    return uuid.uuid4().to_string()  # expect: py-nonexistent-member
