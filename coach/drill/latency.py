"""The latency table the drills draw on: figures, where they come from, and the year.

Most figures are the 2020 values of Colin Scott's interactive "Latency Numbers Every
Programmer Should Know", which extrapolates Jeff Dean's and Peter Norvig's lists with
published hardware trends. The long-haul internet round trips come from Brendan Gregg's
"Systems Performance" (Table 2.2). Where Jeff Dean's list (as collected in 2012) gives
a different figure, `then_s` keeps it so a derivation can say what changed.

Left out on purpose: the interactive page's "send 2,000 bytes over a commodity network"
(44 ns in 2020) extrapolates NIC bandwidth, not latency, and would teach the wrong
reflex for a network hop.
"""

from __future__ import annotations

from dataclasses import dataclass

NS = 1e-9
US = 1e-6
MS = 1e-3


@dataclass(frozen=True)
class Source:
    id: str
    short: str  # for a derivation line: "Colin Scott's latency page, 2020"
    title: str
    url: str
    year: int


SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "scott-2020",
            "Colin Scott's latency page, 2020",
            "Colin Scott, Latency Numbers Every Programmer Should Know (interactive, set to 2020)",
            "https://colin-scott.github.io/personal_website/research/interactive_latency.html",
            2020,
        ),
        Source(
            "gregg-2013",
            "Gregg, Systems Performance, 2013",
            "Brendan Gregg, Systems Performance: Enterprise and the Cloud, Table 2.2",
            "https://www.brendangregg.com/sysperfbook.html",
            2013,
        ),
        Source(
            "dean-2012",
            "Jeff Dean's list (~2012)",
            "Jeff Dean's numbers, as collected by Jonas Bonér (~2012)",
            "https://gist.github.com/jboner/2841832",
            2012,
        ),
    )
}


@dataclass(frozen=True)
class Latency:
    """One operation and how long it takes, in seconds."""

    id: str
    what: str  # reads after "how long does it take to ..." and in "which is faster"
    seconds: float
    source: str  # a SOURCES key
    then_s: float | None = None  # Jeff Dean's ~2012 figure, when it differs

    @property
    def cite(self) -> Source:
        return SOURCES[self.source]


TABLE: tuple[Latency, ...] = (
    Latency("l1", "an L1 cache reference", 1 * NS, "scott-2020", then_s=0.5 * NS),
    Latency("branch", "a branch mispredict", 3 * NS, "scott-2020", then_s=5 * NS),
    Latency("l2", "an L2 cache reference", 4 * NS, "scott-2020", then_s=7 * NS),
    Latency("mutex", "a mutex lock/unlock", 17 * NS, "scott-2020", then_s=25 * NS),
    Latency("memory", "a main memory reference", 100 * NS, "scott-2020"),
    Latency("snappy", "compressing 1 KB with Snappy", 2 * US, "scott-2020", then_s=3 * US),
    Latency(
        "mem-1mb", "reading 1 MB sequentially from memory", 3 * US, "scott-2020", then_s=250 * US
    ),
    Latency("ssd-random", "a random read from SSD", 16 * US, "scott-2020", then_s=150 * US),
    Latency("ssd-1mb", "reading 1 MB sequentially from SSD", 49 * US, "scott-2020", then_s=1 * MS),
    Latency("dc-rtt", "a round trip within one datacenter", 500 * US, "scott-2020"),
    Latency(
        "disk-1mb", "reading 1 MB sequentially from disk", 825 * US, "scott-2020", then_s=20 * MS
    ),
    Latency("disk-seek", "a disk seek", 2.5 * MS, "scott-2020", then_s=10 * MS),
    Latency("sf-ny", "an internet round trip San Francisco to New York", 40 * MS, "gregg-2013"),
    Latency("sf-uk", "an internet round trip San Francisco to the UK", 81 * MS, "gregg-2013"),
    Latency("ca-nl", "a packet round trip California to the Netherlands", 150 * MS, "scott-2020"),
    Latency("sf-au", "an internet round trip San Francisco to Australia", 183 * MS, "gregg-2013"),
)

BY_ID: dict[str, Latency] = {entry.id: entry for entry in TABLE}

# Sequential reads of 1 MB: the basis of "how long to read N GB from ..." questions.
SEQUENTIAL_1MB: tuple[str, ...] = ("mem-1mb", "ssd-1mb", "disk-1mb")

# A comparison is only fair when the answer is clear: at least this many times apart,
# and not so far apart (L1 against a transatlantic trip) that it is no question at all.
MIN_RATIO = 3.0
MAX_RATIO = 1000.0


def comparable_pairs() -> list[tuple[Latency, Latency]]:
    """Every (faster, slower) pair whose ratio lies within [MIN_RATIO, MAX_RATIO]."""
    pairs = []
    for fast in TABLE:
        for slow in TABLE:
            ratio = slow.seconds / fast.seconds
            if MIN_RATIO <= ratio <= MAX_RATIO:
                pairs.append((fast, slow))
    return pairs
