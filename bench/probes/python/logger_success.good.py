import logging

log = logging.getLogger(__name__)


def done(job: str) -> None:
    log.info("job %s finished", job)
