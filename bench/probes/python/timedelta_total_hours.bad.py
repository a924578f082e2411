from datetime import timedelta


def hours(window: timedelta) -> float:
    return window.total_hours()  # expect: py-nonexistent-member
