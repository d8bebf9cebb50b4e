"""`coach calc` and `coach estimate` against published worked examples.

Sources (public; numbers checked against the pages):

* URL shortener, from "Grokking the System Design Interview" (Design a URL shortening
  service like TinyURL: capacity estimation), as reproduced at
  https://ebookreading.net/view/book/Learning+Azure+Cosmos+DB-EB9781788476171_93.html :
  500M new URLs a month, 100:1 reads to writes, 500 bytes each, kept 5 years ->
  "500 million / (30 days * 24 hours * 3600 seconds) ~= 200 URLs/s", "~19K/s" reads,
  "30 billion" objects, "15 TB", "100 KB per second" in, "~9 MB/s" out,
  "1.7 billion requests per day" and "~170 GB" of cache for 20% of them.
* Twitter, from Alex Xu, "System Design Interview - An Insider's Guide", chapter 2
  (Back-of-the-envelope estimation: estimate Twitter QPS and storage), page at
  https://fliphtml5.com/benny-books/SystemDesignInterview/System_Design_Interview/39/ :
  300M monthly users, 50% daily, 2 tweets a day, 10% with 1 MB of media, kept 5 years ->
  DAU "150 million", "~3500" tweets/s, peak "~7000", "30 TB per day", "~55 PB".

Month length: Grokking divides by "30 days * 24 hours * 3600 seconds", which a 30-day
month reproduces exactly (192.9/s; a 30.44-day month gives 190.1/s). Its storage counts
"5 years * 12 months" = 60 months; with 365-day years that is 60.8 of our months, so we
get 15.2 TB for its 15 TB (1.4% over; a 30.44-day month would give exactly 15.0 TB).
Alex Xu uses days only ("30 TB * 365 * 5"), which a 365-day year reproduces exactly.
"""

from __future__ import annotations

import pytest

from coach.estimate.calc import evaluate
from coach.estimate.engine import estimate
from coach.estimate.units import MONTH_DAYS

URL_SHORTENER = {
    "writes": "500M/month",
    "read_write_ratio": "100:1",
    "write_size": "500 bytes",
    "retention": "5 years",
}
TWITTER = {
    "users": "300M",
    "daily_active_users": "50%",
    "writes_per_user": "2",
    "write_size": "10% * 1 MB",  # only 1 tweet in 10 carries 1 MB of media
    "peak_factor": "2",
    "retention": "5 years",
}


def test_url_shortener_estimate_matches_grokking() -> None:
    results = estimate(URL_SHORTENER).results
    # The guide's own arithmetic, to the digit, with a 30-day month:
    assert results["write_qps"].value == pytest.approx(500e6 / (30 * 24 * 3600))
    # ...and its rounded figures:
    assert results["write_qps"].value == pytest.approx(200, rel=0.05)
    assert results["read_qps"].value == pytest.approx(19e3, rel=0.05)
    assert results["storage_total"].value == pytest.approx(15e12, rel=0.02)
    assert results["ingress_bandwidth"].value == pytest.approx(100e3, rel=0.05)
    assert results["egress_bandwidth"].value == pytest.approx(9e6, rel=0.1)
    assert results["cache_memory"].value == pytest.approx(170e9, rel=0.03)
    assert results["read_qps"].display == "19K/s"
    assert results["storage_total"].display == "15 TB"
    assert results["cache_memory"].display == "170 GB"


def test_url_shortener_with_the_calculator() -> None:
    assert evaluate("500M/month in /s").value == pytest.approx(192.9, abs=0.05)
    assert evaluate("500M * 5 * 12").display == "30B"
    assert evaluate("30B * 500 B").display == "15 TB"
    assert evaluate("200/s * 500 B").display == "100 KB/s"
    assert evaluate("19K/s * 86,400 s").display == "1.64B"  # "1.7 billion" after rounding up
    assert evaluate("0.2 * 1.7B * 500 B").display == "170 GB"


def test_month_length_30_days_reproduces_grokking_qps() -> None:
    assert MONTH_DAYS == 30
    published = 500e6 / (30 * 24 * 3600)
    ours = evaluate("500M/month").value
    gregorian = 500e6 / (30.44 * 86_400)
    assert ours == pytest.approx(published, rel=1e-12)
    assert abs(gregorian - published) / published > 0.01  # 30.44 days would be 1.5% off


def test_twitter_estimate_matches_alex_xu() -> None:
    results = estimate(TWITTER).results
    assert results["daily_active_users"].display == "150M"
    assert results["write_qps"].value == pytest.approx(3500, rel=0.01)
    assert results["peak_write_qps"].value == pytest.approx(7000, rel=0.01)
    assert results["storage_per_day"].value == pytest.approx(30e12)
    assert results["storage_total"].value == pytest.approx(55e15, rel=0.01)
    assert results["storage_per_day"].display == "30 TB"
    assert results["storage_total"].display == "55 PB"


def test_twitter_with_the_calculator() -> None:
    assert evaluate("300M * 50%").display == "150M"
    assert evaluate("150M * 2/day in /s").value == pytest.approx(3472, abs=1)
    assert evaluate("150M * 2 * 10% * 1 MB").display == "30 TB"
    assert evaluate("30 TB * 365 * 5").display == "54.8 PB"
