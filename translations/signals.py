"""Signals the language resources send; translations/ itself never listens to them."""

from django.dispatch import Signal

# kwargs: engine (name), month (date, the first day), spent, budget (floats), currency.
# Sent once per engine and month, the first time the engine is found past its budget.
engine_over_budget = Signal()
