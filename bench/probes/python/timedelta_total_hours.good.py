from datetime import timedelta


def hours(window: timedelta) -> float:
    return window.total_seconds() / 3600
