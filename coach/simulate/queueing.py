"""Closed-form queueing results: what the simulation is checked against.

Rates are per millisecond and times in milliseconds throughout. `c` servers
share one first-come-first-served queue; `a = lam / mu` is the offered load
in servers. References: Kleinrock, *Queueing Systems* vol. 1 (Erlang B/C,
M/M/c/K, G/M/1); Allen, *Probability, Statistics, and Queueing Theory*
(the Allen-Cunneen approximation); Mitzenmacher, *The Power of Two Choices in
Randomized Load Balancing* (the mean-field power-of-two result).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

Z = 1e-12


def erlang_b(c: int, a: float) -> float:
    """Probability that all `c` servers are busy and an arrival is lost (no queue)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits (M/M/c); 1 when the queue is unstable."""
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1.0 - b))


def mmc_wait(lam: float, mu: float, c: int) -> float:
    """Mean time in queue of M/M/c."""
    if lam >= c * mu:
        return math.inf
    return erlang_c(c, lam / mu) / (c * mu - lam)


def mmc_response(lam: float, mu: float, c: int) -> float:
    """Mean response time (queue + service) of M/M/c."""
    return mmc_wait(lam, mu, c) + 1.0 / mu


def mmc_response_sf(t: float, lam: float, mu: float, c: int) -> float:
    """P(response > t) for M/M/c: service plus, with probability C, an Exp(c mu - lam) wait."""
    waits = erlang_c(c, lam / mu)
    theta = c * mu - lam
    if abs(theta - mu) < 1e-9 * mu:
        both = (1.0 + mu * t) * math.exp(-mu * t)
    else:
        both = (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
    return (1.0 - waits) * math.exp(-mu * t) + waits * both


def mmc_response_quantile(q: float, lam: float, mu: float, c: int) -> float:
    """The q-quantile of M/M/c response time."""
    if lam >= c * mu:
        return math.inf
    return _solve_quantile(lambda t: mmc_response_sf(t, lam, mu, c), q, 1.0 / mu)


def _solve_quantile(sf: Callable[[float], float], q: float, scale: float) -> float:
    target = 1.0 - q
    lo, hi = 0.0, scale
    while sf(hi) > target:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if sf(mid) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * hi:
            break
    return (lo + hi) / 2.0


def erlang_k_transform(k: int, rate: float) -> Callable[[float], float]:
    """Laplace transform of an Erlang-k interarrival time with mean 1/rate."""
    stage = k * rate
    return lambda s: (stage / (stage + s)) ** k


def gm1_sigma(transform: Callable[[float], float], mu: float) -> float:
    """The root in (0, 1) of sigma = A*(mu (1 - sigma)) for a stable G/M/1 queue.

    Bisection on f(s) = A*(mu (1 - s)) - s, positive below the root and negative
    between it and 1 (s = 1 is always a root); plain iteration crawls near
    saturation, where the slope at the root tends to 1.
    """
    gap = 1.0
    while transform(mu * gap) - (1.0 - gap) >= 0.0:  # f(1 - gap) >= 0: still below the root
        gap /= 2.0
        if gap < 1e-15:
            return 1.0
    lo, hi = 0.0, 1.0 - gap
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if transform(mu * (1.0 - mid)) - mid > 0.0:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2.0


def gm1_response(sigma: float, mu: float) -> float:
    """Mean response of G/M/1: the response time is exponential with rate mu (1 - sigma)."""
    return 1.0 / (mu * (1.0 - sigma))


def gm1_response_quantile(q: float, sigma: float, mu: float) -> float:
    return -math.log(1.0 - q) / (mu * (1.0 - sigma))


def allen_cunneen_wait(lam: float, mu: float, c: int, ca2: float, cs2: float) -> float:
    """G/G/c mean wait: the M/M/c wait scaled by (ca^2 + cs^2) / 2 (exact for M/G/1)."""
    return mmc_wait(lam, mu, c) * (ca2 + cs2) / 2.0


def mmck(lam: float, mu: float, c: int, k: int) -> tuple[float, float]:
    """M/M/c with room for `k` in total (c serving, k - c waiting).

    Returns (probability an arrival is refused, mean response of those admitted).
    """
    weights = [1.0]
    for n in range(1, k + 1):
        weights.append(weights[-1] * lam / (min(n, c) * mu))
    total = sum(weights)
    probs = [w / total for w in weights]
    blocked = probs[-1]
    in_system = sum(n * p for n, p in enumerate(probs))
    admitted = lam * (1.0 - blocked)
    return blocked, (in_system / admitted if admitted > Z else 1.0 / mu)


@lru_cache(maxsize=256)
def erlang_mck(n: int, lam: float, mu: float, c: int, k: int) -> tuple[float, float]:
    """E_n/M/c with room for `k` in total: Erlang-n gaps (every n-th of a Poisson stream).

    Exact, by the chain embedded at arrivals: between two arrivals the number
    in the system only falls, a pure-death process D, and over an Erlang-n gap
    of mean 1/lam its transition matrix is E[exp(D t)] = (I - D / (n lam))^-n.
    An arrival that finds i < k is admitted, one that finds k is refused.
    Returns (probability an arrival is refused, mean response of those admitted).
    """
    import numpy as np

    size = k + 1
    death = np.zeros((size, size))
    for i in range(1, size):
        death[i, i - 1] = min(i, c) * mu
        death[i, i] = -min(i, c) * mu
    step = np.linalg.inv(np.eye(size) - death / (n * lam))
    gap = np.linalg.matrix_power(step, n)
    after = np.minimum(np.arange(size) + 1, k)  # in the system just after each arrival
    chain = gap[after]
    # the stationary distribution of what arrivals find: pi (P - I) = 0, sum pi = 1
    system = np.vstack([(chain - np.eye(size)).T, np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1.0
    found = np.clip(np.linalg.lstsq(system, rhs, rcond=None)[0], 0.0, None)
    found /= found.sum()
    blocked = float(found[-1])
    waits = np.maximum(np.arange(size) - c + 1, 0) / (c * mu)
    admitted = found[:-1].sum()
    if admitted <= Z:
        return blocked, 1.0 / mu
    return blocked, float((found[:-1] * waits[:-1]).sum() / admitted) + 1.0 / mu


def power_of_two_response(rho: float, mu: float) -> float:
    """Mean response with two random choices, one server per node, many nodes.

    Mean field (n -> infinity): P(queue >= i) = rho^(2^i - 1), so
    E[T] mu = sum over i >= 1 of rho^(2^i - 2).
    """
    if rho >= 1.0:
        return math.inf
    total, i = 0.0, 1
    while True:
        term = rho ** (2**i - 2)
        total += term
        if term < 1e-15 or i > 60:
            break
        i += 1
    return total / mu
