import time


def backoff(attempt: int) -> None:
    time.sleep(min(2**attempt, 30))
