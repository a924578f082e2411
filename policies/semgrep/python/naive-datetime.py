import datetime as dt
import time
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo


def created_at():
    # ruleid: py-naive-datetime
    return datetime.now()


def expires():
    # ruleid: py-naive-datetime
    return datetime.utcnow() + dt.timedelta(hours=1)


def from_epoch(ts):
    # ruleid: py-naive-datetime
    return datetime.utcfromtimestamp(ts)


def from_epoch_local(ts):
    # ruleid: py-naive-datetime
    return datetime.fromtimestamp(ts)


def aliased_module():
    # ruleid: py-naive-datetime
    return dt.datetime.now().isoformat()


def today_dt():
    # ruleid: py-naive-datetime
    return datetime.today()


# ---- negatives ----


def created_at_utc():
    # ok: py-naive-datetime
    return datetime.now(timezone.utc)


def created_at_berlin():
    # ok: py-naive-datetime
    return datetime.now(tz=ZoneInfo("Europe/Berlin"))


def from_epoch_utc(ts):
    # ok: py-naive-datetime
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def from_epoch_utc_positional(ts):
    # ok: py-naive-datetime
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc)


def today():
    # ok: py-naive-datetime
    return date.today()


def monotonic():
    # ok: py-naive-datetime
    return time.monotonic()
