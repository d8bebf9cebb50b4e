"""The closed forms themselves, against textbook values and independent formulas."""

from __future__ import annotations

import math

import pytest

from coach.simulate import queueing as q


def erlang_c_direct(c: int, a: float) -> float:
    """Erlang C written out as the textbook sum, to check the recursive version."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize(("c", "a"), [(1, 0.5), (2, 1.0), (4, 3.2), (10, 9.0), (16, 12.0)])
def test_erlang_c_matches_the_textbook_sum(c: int, a: float) -> None:
    assert q.erlang_c(c, a) == pytest.approx(erlang_c_direct(c, a), rel=1e-12)


def test_known_values() -> None:
    assert q.erlang_c(2, 1.0) == pytest.approx(1 / 3)  # M/M/2 at 50%: a third of arrivals wait
    assert q.erlang_b(2, 1.0) == pytest.approx(0.2)
    assert q.erlang_c(1, 0.8) == pytest.approx(0.8)  # M/M/1: P(wait) = rho
    assert q.erlang_c(3, 3.0) == 1.0  # unstable


def test_mm1_mean_and_quantile() -> None:
    lam, mu = 0.08, 0.1
    assert q.mmc_response(lam, mu, 1) == pytest.approx(1 / (mu - lam))
    assert q.mmc_response_quantile(0.99, lam, mu, 1) == pytest.approx(math.log(100) / (mu - lam))
    assert q.mmc_response_sf(0.0, lam, mu, 1) == pytest.approx(1.0)


def test_mmc_quantile_is_where_the_tail_is_one_percent() -> None:
    t = q.mmc_response_quantile(0.99, 0.9, 0.1, 10)
    assert q.mmc_response_sf(t, 0.9, 0.1, 10) == pytest.approx(0.01, rel=1e-6)
    assert q.mmc_response_quantile(0.99, 1.0, 0.1, 10) == math.inf


def test_gm1_with_poisson_arrivals_is_mm1() -> None:
    lam, mu = 0.07, 0.1
    sigma = q.gm1_sigma(q.erlang_k_transform(1, lam), mu)
    assert sigma == pytest.approx(lam / mu)
    assert q.gm1_response(sigma, mu) == pytest.approx(1 / (mu - lam))


def test_gm1_with_near_regular_arrivals_approaches_dm1() -> None:
    # D/M/1 at rho = 0.5: sigma solves sigma = exp(-2 (1 - sigma)), about 0.2032
    sigma = q.gm1_sigma(q.erlang_k_transform(2000, 0.05), 0.1)
    assert sigma == pytest.approx(0.2032, abs=1e-3)


def test_finite_queue_limits() -> None:
    blocked, _ = q.mmck(1.0, 1.0, 2, 2)  # no room to wait: Erlang B
    assert blocked == pytest.approx(q.erlang_b(2, 1.0))
    blocked, resp = q.mmck(0.8, 0.1, 10, 400)  # a huge room: M/M/10
    assert blocked < 1e-12
    assert resp == pytest.approx(q.mmc_response(0.8, 0.1, 10))


def test_allen_cunneen_is_exact_for_mg1() -> None:
    # Pollaczek-Khinchine for M/D/1: Wq = rho / (2 mu (1 - rho))
    lam, mu = 0.06, 0.1
    rho = lam / mu
    assert q.allen_cunneen_wait(lam, mu, 1, 1.0, 0.0) == pytest.approx(rho / (2 * mu * (1 - rho)))


def test_power_of_two_beats_random_and_tends_to_service_time() -> None:
    mu = 0.1
    assert q.power_of_two_response(0.8, mu) < 1 / (mu - 0.8 * mu)
    assert q.power_of_two_response(0.01, mu) == pytest.approx(1 / mu, rel=0.02)
