"""Amounts in euro: BAM at its fixed currency-board rate, other currencies at the yearly average rate of the
curated table in data/eur_rates.csv (whose header names the sources). The rate and its year travel with every
converted amount so that a page can say how the euro figure was obtained."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

BAM_PER_EUR = 1.95583
RATES_SOURCE = ("ECB euro reference rates (annual averages); National Bank of Serbia, National Bank of the "
                "Republic of North Macedonia, Bank of Albania (yearly averages of official middle rates)")


@dataclass(frozen=True, slots=True)
class EuroAmount:
    eur: float
    rate: float  # units of the currency for one euro
    year: int | None  # the rate's year; None for a fixed rate
    basis: str  # "same", "fixed" or "yearly average"


@cache
def yearly_rates() -> dict[str, dict[int, float]]:
    """currency -> year -> units per euro, from the shipped table."""
    table: dict[str, dict[int, float]] = {}
    text = resources.files("devatlas.resolve").joinpath("data/eur_rates.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    for row in rows:
        table.setdefault(row["currency"], {})[int(row["year"])] = float(row["rate"])
    return table


def to_eur(amount: float, currency: str, year: int | None) -> EuroAmount | None:
    """The amount in euro, or None when the table has no rate for that currency. A year outside the table
    takes the nearest year it has (the rate shown says which)."""
    currency = currency.upper()
    if currency == "EUR":
        return EuroAmount(amount, 1.0, None, "same")
    if currency == "BAM":
        return EuroAmount(amount / BAM_PER_EUR, BAM_PER_EUR, None, "fixed")
    by_year = yearly_rates().get(currency)
    if not by_year:
        return None
    wanted = year if year is not None else max(by_year)
    rate_year = min(by_year, key=lambda y: (abs(y - wanted), -y))
    rate = by_year[rate_year]
    return EuroAmount(amount / rate, rate, rate_year, "yearly average")
