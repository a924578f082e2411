import logging

log = logging.getLogger(__name__)


def done(job: str) -> None:
    log.success("job %s finished", job)  # expect: py-nonexistent-member
