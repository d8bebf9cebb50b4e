"""Random streams for the engine: arrival times, service times, uniforms.

Numbers are drawn in blocks with numpy and handed out one at a time through
C-level iterators: a Python call per number would cost more than the rest
of a visit. Every stream has its own seed (spawned from the run's seed), so
the same seed gives the same numbers whatever order the engine asks in.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from coach.simulate.design import Dist, Load, RampPattern, ServiceTime, SpikePattern

if TYPE_CHECKING:
    import numpy as np

CHUNK = 65_536
Z99 = 2.3263478740408408  # the standard normal's 99th percentile
LOGNORMAL_DEFAULT_TAIL = 4.0  # p99 / mean when a lognormal gives no p99


def lognormal_sigma(mean: float, p99: float) -> float:
    """The sigma of the lognormal with this mean and 99th percentile (the light-tailed root)."""
    gap = math.log(p99 / mean)
    return Z99 - math.sqrt(max(Z99 * Z99 - 2.0 * gap, 0.0))


def service_sigma(service: ServiceTime) -> float:
    p99 = service.p99 if service.p99 is not None else LOGNORMAL_DEFAULT_TAIL * service.mean
    return lognormal_sigma(service.mean, p99)


def service_scv(service: ServiceTime) -> float:
    """Squared coefficient of variation of the service time (0 constant, 1 exponential)."""
    if service.dist is Dist.CONSTANT:
        return 0.0
    if service.dist is Dist.EXPONENTIAL:
        return 1.0
    return math.expm1(service_sigma(service) ** 2)


def blocks(draw: Callable[[int], np.ndarray]) -> Callable[[], float]:
    """An endless stream of numbers drawn `CHUNK` at a time; returns its `next`."""
    chunks = map(lambda _: draw(CHUNK).tolist(), itertools.count())
    return itertools.chain.from_iterable(chunks).__next__


def service_stream(
    rng: np.random.Generator, service: ServiceTime, mean_ms: float
) -> Callable[[], float]:
    """Service times in ms with mean `mean_ms` (the design's mean after overhead)."""
    if service.dist is Dist.CONSTANT:
        return itertools.repeat(mean_ms).__next__
    return blocks(service_draw(rng, service, mean_ms))


def uniform_stream(rng: np.random.Generator) -> Callable[[], float]:
    return blocks(rng.random)


def choice_stream(rng: np.random.Generator, probabilities: tuple[float, ...]) -> Callable[[], int]:
    """Indices drawn with the given probabilities."""
    import numpy as np

    p = np.asarray(probabilities, dtype=float)
    p = p / p.sum()
    return blocks(lambda n: rng.choice(len(p), size=n, p=p))


def run_seconds(load: Load, requests: int) -> float:
    """How long `requests` arrivals take on average under the load pattern."""
    pattern = load.pattern
    if isinstance(pattern, RampPattern):
        return 2.0 * requests / (load.rps + pattern.to_rps)
    if isinstance(pattern, SpikePattern):
        before = load.rps * pattern.start_s
        during = load.rps * pattern.factor * pattern.length_s
        if requests <= before:
            return requests / load.rps
        if requests <= before + during:
            return pattern.start_s + (requests - before) / (load.rps * pattern.factor)
        return pattern.start_s + pattern.length_s + (requests - before - during) / load.rps
    return requests / load.rps


def arrival_times(
    rng: np.random.Generator,
    load: Load,
    requests: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[float]:
    """Arrival times in ms of a Poisson process whose rate follows the load pattern.

    Unit-rate arrival epochs are mapped through the inverse of the cumulative
    rate, which keeps spikes and ramps exact rather than stepped.
    """
    import numpy as np

    inverse = _inverse_rate(load, requests)
    done, carry = 0, 0.0
    while done < requests:
        n = min(CHUNK, requests - done)
        epochs = carry + np.cumsum(rng.exponential(1.0, n))
        carry = float(epochs[-1])
        yield from (inverse(epochs) * 1000.0).tolist()
        done += n
        if progress is not None:
            progress(done)


def arrival_array(rng: np.random.Generator, load: Load, requests: int) -> np.ndarray:
    """`arrival_times` as one array: the same numbers, drawn and mapped a chunk at a time."""
    import numpy as np

    inverse = _inverse_rate(load, requests)
    parts, done, carry = [], 0, 0.0
    while done < requests:
        n = min(CHUNK, requests - done)
        epochs = carry + np.cumsum(rng.exponential(1.0, n))
        carry = float(epochs[-1])
        parts.append(inverse(epochs) * 1000.0)
        done += n
    return np.concatenate(parts) if parts else np.zeros(0)


def _inverse_rate(load: Load, requests: int) -> Callable[[np.ndarray], np.ndarray]:
    """Seconds at which the expected number of arrivals reaches each epoch."""
    import numpy as np

    rate = load.rps
    pattern = load.pattern
    if isinstance(pattern, SpikePattern):
        start, length, peak = pattern.start_s, pattern.length_s, rate * pattern.factor
        e1, e2 = rate * start, rate * start + peak * length

        def spike(e: np.ndarray) -> np.ndarray:
            return np.where(
                e < e1,
                e / rate,
                np.where(e < e2, start + (e - e1) / peak, start + length + (e - e2) / rate),
            )

        return spike
    if isinstance(pattern, RampPattern):
        seconds = run_seconds(load, requests)
        slope = (pattern.to_rps - rate) / (2.0 * seconds)

        def ramp(e: np.ndarray) -> np.ndarray:
            # t = 2E / (b + sqrt(b^2 + 4aE)): the stable root of a t^2 + b t = E
            root = np.sqrt(np.maximum(rate * rate + 4.0 * slope * e, 0.0))
            return 2.0 * e / (rate + root)

        return ramp
    return lambda e: e / rate


def expected_arrivals(load: Load, seconds: float) -> float:
    """Requests expected in the first `seconds` (a ramp is taken at its start rate)."""
    pattern = load.pattern
    if isinstance(pattern, SpikePattern):
        before = min(seconds, pattern.start_s)
        during = min(max(seconds - pattern.start_s, 0.0), pattern.length_s)
        after = max(seconds - pattern.start_s - pattern.length_s, 0.0)
        return load.rps * (before + pattern.factor * during + after)
    return load.rps * seconds


class Stream:
    """Numbers drawn in blocks and handed out in order, with a mark to rewind to.

    Drawing n numbers at once or in pieces gives the same sequence, so a
    stream consumed in any block sizes yields what one big draw would.
    """

    def __init__(
        self, rng: np.random.Generator, draw: Callable[[int], np.ndarray], block: int = 4096
    ):
        self.rng = rng
        self.draw = draw
        self.block = block
        self.array = draw(0)
        # the block as a list, made for `one` only when it is used: `take` does without
        self.items: list[float] | None = None
        self.i = 0

    def take(self, count: int) -> np.ndarray:
        import numpy as np

        have = len(self.array) - self.i
        if count <= have:
            out = self.array[self.i : self.i + count]
            self.i += count
            return out
        head = self.array[self.i :]
        need = count - have
        if need >= self.block:
            self._load(self.draw(0))
            return np.concatenate([head, self.draw(need)])
        self._load(self.draw(self.block))
        self.i = need
        return np.concatenate([head, self.array[:need]])

    def one(self) -> float:
        if self.i >= len(self.array):
            self._load(self.draw(self.block))
        items = self.items
        if items is None:
            items = self.items = self.array.tolist()
        value = items[self.i]
        self.i += 1
        return value

    def _load(self, array: np.ndarray) -> None:
        self.array = array
        self.items = None
        self.i = 0

    def mark(self) -> tuple[object, ...]:
        return (self.rng.bit_generator.state, self.array, self.items, self.i)

    def rewind(self, mark: tuple[object, ...]) -> None:
        state, self.array, self.items, self.i = mark  # type: ignore[assignment]
        self.rng.bit_generator.state = state


def service_draw(
    rng: np.random.Generator, service: ServiceTime, mean_ms: float
) -> Callable[[int], np.ndarray]:
    """A function drawing n service times in ms with mean `mean_ms`."""
    import numpy as np

    if service.dist is Dist.CONSTANT:
        return lambda n: np.full(n, mean_ms)
    if service.dist is Dist.EXPONENTIAL:
        return lambda n: rng.exponential(mean_ms, n)
    sigma = service_sigma(service)
    mu = math.log(mean_ms) - sigma * sigma / 2.0
    return lambda n: rng.lognormal(mu, sigma, n)
