"""The component catalogue the user picks from, and what each pick means.

A pick is matched against the problem's `reference_design`: a reference
component the user also chose keeps its calibrated service time and node
count; one they left out is dropped from the simulated path; a pick the
reference lacks is added with the defaults below, sized for the traffic
that reaches it. Picks off the request path (queues, object storage...)
are drawn but not simulated unless the reference models them.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.simulate.design import Component, Kind


@dataclass(frozen=True)
class CatalogueItem:
    id: str
    title: str  # what the checkbox shows
    short: str  # what the diagram shows
    kind: Kind | None  # None: a modifier of the database or not simulated on its own
    name: str  # component name when added from the catalogue
    words: tuple[str, ...] = ()  # words in a reference component's name/label that match it
    on_path: bool = True  # on the synchronous request path (simulated when added)


CATALOGUE: tuple[CatalogueItem, ...] = (
    # A CDN serves static and media content: on the simulated path only where the
    # problem's reference design puts one in front of its API.
    CatalogueItem(
        "cdn",
        "CDN (edge cache for static and media content)",
        "CDN",
        Kind.CDN,
        "cdn",
        on_path=False,
    ),
    CatalogueItem(
        "load_balancer", "Load balancer", "Load balancer", Kind.LOAD_BALANCER, "lb", ("lb",)
    ),
    CatalogueItem(
        "app_servers", "App servers (stateless API tier)", "App servers", Kind.SERVICE, "app"
    ),
    CatalogueItem("cache", "Cache (Redis / Memcached)", "Cache", Kind.CACHE, "cache"),
    CatalogueItem("sql_database", "SQL database (relational)", "SQL database", Kind.DATABASE, "db"),
    CatalogueItem("nosql_database", "NoSQL / key-value store", "NoSQL store", Kind.DATABASE, "db"),
    CatalogueItem("read_replicas", "Read replicas", "read replicas", None, "replicas"),
    CatalogueItem("shards", "Sharding (partitioned database)", "shards", None, "shards"),
    CatalogueItem(
        "message_queue",
        "Message queue / log (Kafka, SQS)",
        "Message queue",
        Kind.QUEUE,
        "queue",
        ("queue", "kafka", "log", "stream"),
        on_path=False,
    ),
    CatalogueItem(
        "workers",
        "Background workers (queue consumers)",
        "Workers",
        Kind.SERVICE,
        "workers",
        ("worker", "consumer", "fanout", "fan-out", "async"),
        on_path=False,
    ),
    CatalogueItem(
        "object_storage",
        "Object storage (S3-style blobs)",
        "Object storage",
        None,
        "blobs",
        ("object", "blob", "s3", "media"),
        on_path=False,
    ),
    CatalogueItem(
        "search_index",
        "Search index (inverted index)",
        "Search index",
        Kind.SERVICE,
        "search",
        ("search", "index", "elastic"),
        on_path=False,
    ),
)

ITEMS: dict[str, CatalogueItem] = {item.id: item for item in CATALOGUE}
DATABASE_IDS = ("nosql_database", "sql_database")

# Defaults for a pick the reference design does not have: service time in ms,
# concurrency per node, and for caches the share of reads they answer.
DEFAULTS: dict[str, dict[str, float]] = {
    "cdn": {"mean": 2.0, "concurrency": 256, "hit_ratio": 0.6},
    "load_balancer": {"mean": 0.5, "concurrency": 64},
    "app_servers": {"mean": 5.0, "concurrency": 32},
    "cache": {"mean": 0.5, "concurrency": 16, "hit_ratio": 0.8},
    "sql_database": {"mean": 5.0, "concurrency": 8},
    "nosql_database": {"mean": 4.0, "concurrency": 8},
    "search_index": {"mean": 8.0, "concurrency": 16},
    "message_queue": {"mean": 1.0, "concurrency": 64},
    "workers": {"mean": 10.0, "concurrency": 16},
}
TARGET_UTILIZATION = 0.6  # how full an added tier runs at the problem's load


def unknown_ids(ids: list[str]) -> list[str]:
    return [i for i in ids if i not in ITEMS]


def matches(item: CatalogueItem, component: Component) -> bool:
    """Whether a reference component plays the role of `item`."""
    text = f"{component.name} {component.label or ''}".lower()
    worded = any(word in text for word in item.words)
    if item.id in ("sql_database", "nosql_database"):
        # an object store (a data lake, blobs) is the object-storage pick's, not a database's
        blob_words = ITEMS["object_storage"].words
        return component.kind is Kind.DATABASE and not any(w in text for w in blob_words)
    if item.id == "app_servers":
        return component.kind is Kind.SERVICE and not any(
            ITEMS[other].words and any(w in text for w in ITEMS[other].words)
            for other in ("workers", "search_index")
        )
    if item.id in ("workers", "search_index"):
        return component.kind in (Kind.SERVICE, Kind.DATABASE) and worded
    if item.id == "object_storage":
        return worded and component.kind is not Kind.CDN
    return item.kind is not None and component.kind is item.kind


def is_database(component: Component) -> bool:
    """A store the database picks and their modifiers (replicas, shards) apply to: any
    database but an object store (a data lake, blobs), which scales out by itself."""
    return matches(ITEMS["sql_database"], component)
