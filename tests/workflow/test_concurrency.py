"""Two people claiming the same variant at the same moment: exactly one gets it."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from tests.factories import make_statement, make_user
from workflow import services, states
from workflow.exceptions import AlreadyClaimed
from workflow.models import Transition, Variant


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_claims_one_winner(attempt):
    author = make_user("author", roles=["author"], languages=[])
    asha = make_user("asha", roles=["translator"], languages=["hi"])
    ravi = make_user("ravi", roles=["translator"], languages=["hi"])
    statement = make_statement(author)
    hindi = states.transition(
        states.create_variant(statement=statement, language="hi", actor=None), "ready", actor=None
    )

    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def claim(user) -> None:
        try:
            barrier.wait(timeout=10)
            services.variant_claim(variant=Variant.objects.get(pk=hindi.pk), actor=user)
            outcomes[user.username] = "won"
        except AlreadyClaimed as refusal:
            outcomes[user.username] = refusal
        except Exception as unexpected:  # reported by the assertions below
            outcomes[user.username] = unexpected
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (asha, ravi)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    winners = [name for name, result in outcomes.items() if result == "won"]
    losers = [result for result in outcomes.values() if result != "won"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], AlreadyClaimed), outcomes
    assert f"{winners[0]} already claimed the Hindi version" in str(losers[0])
    final = Variant.objects.get(pk=hindi.pk)
    assert final.assignee.username == winners[0]
    assert Transition.objects.filter(variant=final, to_state="in_translation").count() == 1
