"""Estimation questions: napkin math from realistic, randomly chosen parameters.

Parameters come from short lists of round numbers, so a question reads like one an
interviewer would ask, and every expected value is worked out by the calculator.
The last templates use the product's baseline scenario (10 nodes of 1024 MB, 1,000
requests/s, 1 KB messages, 16 connections per node, 65 ms, 64 KB buffers, 20%
coordination overhead) and variations of it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from coach.drill.derive import Chain, number_question
from coach.drill.question import BareUnit, DrillKind, Question

Template = Callable[[random.Random], Question]


_question = partial(number_question, DrillKind.ESTIMATION)


def _num(x: float) -> str:
    return f"{x:g}"


PER_SECOND = BareUnit("/s", 1.0)


def photo_storage(rng: random.Random) -> Question:
    users = rng.choice([10, 20, 40, 50, 100, 200, 300, 500])
    photos = rng.choice([1, 2, 3, 5])
    size = rng.choice([0.5, 1, 2, 3, 5])
    chain = (
        Chain(f"{users}M/day")
        .then(f"* {photos}", "photos a day")
        .then(f"* {_num(size)} MB", "bytes a day")
        .then("* 365 days", "a year")
    )
    text = (
        f"{users}M daily users post {photos} photo{'s' * (photos > 1)} a day of "
        f"{_num(size)} MB each: storage per year?"
    )
    return _question("photo-storage", text, chain)


def message_rate(rng: random.Random) -> Question:
    users = rng.choice([5, 10, 50, 100, 200, 500])
    messages = rng.choice([5, 10, 20, 40, 50])
    chain = Chain(f"{users}M/day").then(f"* {messages}", "messages a day").show_in("/s")
    text = f"{users}M daily users each send {messages} messages a day: average messages per second?"
    return _question("message-rate", text, chain, unit="/s", bare=PER_SECOND)


def peak_rate(rng: random.Random) -> Question:
    requests = rng.choice(["100M", "250M", "500M", "800M", "1B", "2B"])
    peak = rng.choice([2, 3, 5])
    chain = Chain(f"{requests}/day").show_in("/s", "average").then(f"* {peak}", "at the peak")
    text = (
        f"A service gets {requests} requests a day and peaks at {peak}x the average: "
        "peak requests per second?"
    )
    return _question("peak-rate", text, chain, unit="/s", bare=PER_SECOND)


def reads_per_day(rng: random.Random) -> Question:
    writes = rng.choice([1, 2, 5, 10, 20])
    ratio = rng.choice([10, 20, 50, 100])
    chain = Chain(f"{writes}K/s").then(f"* {ratio}", "reads per write").show_in("/day")
    text = f"{writes}K writes/s with a {ratio}:1 read:write ratio: how many reads a day?"
    return _question("reads-per-day", text, chain, unit="/day")


def egress(rng: random.Random) -> Question:
    viewers = rng.choice([10, 50, 100, 200, 500])
    mbps = rng.choice([1.5, 3, 5, 8, 15])
    chain = Chain(f"{viewers}K").then(f"* {_num(mbps)} Mbps", "a viewer's bitrate")
    text = (
        f"{viewers}K concurrent viewers each stream at {_num(mbps)} Mbps: total egress bandwidth?"
    )
    return _question("egress", text, chain)


def servers(rng: random.Random) -> Question:
    load = rng.choice([10, 20, 50, 100, 200])
    per_server = rng.choice([500, 1000, 2000, 5000])
    target = rng.choice([50, 60, 70, 80])
    chain = Chain(f"{load}K/s").then(
        f"/ ({per_server}/s * {target}%)", "what one server takes at the target"
    )
    text = (
        f"Peak load is {load}K requests/s; one server handles {per_server:,} requests/s and "
        f"should run at {target}% utilisation: how many servers?"
    )
    return _question("servers", text, chain)


def cache_memory(rng: random.Random) -> Question:
    share = rng.choice([10, 20, 30])
    items = rng.choice(["50M", "100M", "200M", "500M", "1B"])
    size = rng.choice([1, 2, 5, 10])
    chain = Chain(items).then(f"* {share}%", "hot items").then(f"* {size} KB")
    text = f"Cache the hottest {share}% of {items} items of {size} KB each: memory needed?"
    return _question("cache-memory", text, chain)


def transfer_time(rng: random.Random) -> Question:
    size = rng.choice([1, 10, 50, 100, 500])
    link = rng.choice([1, 10, 25, 100])
    chain = Chain(f"{size} TB").then(f"/ {link} Gbps", "1 byte = 8 bits")
    text = f"Copy {size} TB over a {link} Gbps link at full speed: how long?"
    return _question("transfer-time", text, chain)


def concurrent_users(rng: random.Random) -> Question:
    users = rng.choice([1, 10, 50, 100, 300])
    minutes = rng.choice([10, 15, 30, 60, 90])
    chain = (
        Chain(f"{minutes} min")
        .then("/ 1 day", "the share of the day each user is online")
        .then(f"* {users}M", "users")
    )
    text = (
        f"{users}M daily users each spend {minutes} minutes a day in the app: how many are "
        "online at once, on average?"
    )
    return _question("concurrent-users", text, chain)


def in_flight(rng: random.Random) -> Question:
    rate = rng.choice([500, 1000, 2000, 5000])
    latency = rng.choice([20, 65, 100, 250])
    chain = Chain(f"{rate}/s").then(f"* {latency} ms", "Little's law: in flight = rate × time")
    text = (
        f"A service takes {rate:,} requests/s at {latency} ms average latency: how many "
        "requests are in flight at once?"
    )
    return _question("in-flight", text, chain)


def buffer_memory(rng: random.Random) -> Question:
    nodes = rng.choice([10, 20, 50])
    connections = rng.choice([16, 100, 1000])
    buffer = rng.choice([4, 16, 64])
    chain = (
        Chain(f"{nodes}")
        .then(f"* {connections}", "connections in the cluster")
        .then(f"* {buffer} KB", "a buffer each")
    )
    text = (
        f"{nodes} nodes each hold {connections} connections with a {buffer} KB buffer per "
        "connection: buffer memory across the cluster?"
    )
    return _question("buffer-memory", text, chain)


def log_storage(rng: random.Random) -> Question:
    rate = rng.choice([1, 5, 10, 50])
    size = rng.choice([200, 500, 1000])
    days = rng.choice([7, 30, 90])
    chain = (
        Chain(f"{rate}K/s").then(f"* {size} B", "log bytes a second").then(f"* {days} days", "kept")
    )
    text = f"{rate}K requests/s each write a {size}-byte log line, kept {days} days: log storage?"
    return _question("log-storage", text, chain)


def write_bandwidth(rng: random.Random) -> Question:
    rate = rng.choice([1000, 5000, 20000])
    size = rng.choice([1, 4, 10])
    copies = rng.choice([2, 3])
    overhead = rng.choice([10, 20])
    chain = (
        Chain(f"{rate}/s")
        .then(f"* {size} KB", "payload")
        .then(f"* {copies}", "replicas")
        .then(f"* (1 + {overhead}%)", "coordination overhead")
    )
    text = (
        f"{rate:,} writes/s of {size} KB each, stored {copies}x, plus {overhead}% coordination "
        "overhead: write bandwidth?"
    )
    return _question("write-bandwidth", text, chain)


TEMPLATES: tuple[Template, ...] = (
    photo_storage,
    message_rate,
    peak_rate,
    reads_per_day,
    egress,
    servers,
    cache_memory,
    transfer_time,
    concurrent_users,
    in_flight,
    buffer_memory,
    log_storage,
    write_bandwidth,
)
