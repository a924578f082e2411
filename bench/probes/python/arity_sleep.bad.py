import time


def backoff(attempt: int) -> None:
    time.sleep(2**attempt, 30)  # expect: py-wrong-arity
