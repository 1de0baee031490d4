"""A short run of bench/durability.py: SIGKILL the real server mid-load, restart, lose nothing."""
from __future__ import annotations

from tests.integration.conftest import durability


def test_every_acknowledged_send_survives_a_sigkill_of_the_server_and_nothing_is_half_written(module_db_url, engine):
    result = durability.run(module_db_url, seconds=1.5, workers=2, threads=6, interviews=4, log=lambda *_: None)

    assert result.acknowledged > 0, result.table()
    assert result.missing == [], result.table()
    assert result.mismatched_next_action == [], result.table()
    assert result.idempotency_problems == [], result.table()
    assert result.outbox_problems == [], result.table()
    assert result.retry_problems == [], result.table()
    assert not any(status >= 500 for status in result.other_statuses), result.table()
    assert result.stored_after_restart >= result.acknowledged
