"""Result names, and the loose ways people name them ("qps", "storage per year")."""

from __future__ import annotations

import re

# Every figure `estimate()` can produce, in whiteboard order: a public contract.
RESULT_NAMES: tuple[str, ...] = (
    "daily_active_users",
    "concurrent_users",
    "peak_concurrent_users",
    "write_qps",
    "read_qps",
    "peak_write_qps",
    "peak_read_qps",
    "fanout_qps",
    "peak_fanout_qps",
    "raw_storage_per_day",
    "storage_per_day",
    "storage_per_month",
    "raw_storage_per_year",
    "storage_per_year",
    "raw_storage_total",
    "storage_total",
    "catalogue_storage",
    "ingress_bandwidth",
    "peak_ingress_bandwidth",
    "egress_bandwidth",
    "peak_egress_bandwidth",
    "cache_memory",
    "timeline_memory",
    "servers",
    "request_bandwidth",
    "worst_case_bandwidth",
    "requests_in_flight",
    "connection_capacity",
    "usable_connections",
    "connection_utilization",
    "max_rps",
    "headroom",
    "buffer_memory_per_node",
    "payload_memory_per_node",
    "buffer_memory_share",
    "retry_rps",
    "retry_in_flight",
    "retry_latency",
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "write_qps": (
        "qps",
        "rps",
        "tps",
        "write qps",
        "write rps",
        "writes/s",
        "write/s",
        "write rate",
        "writes",
        "write throughput",
        "tweets/s",
        "posts/s",
        "urls/s",
        "new urls/s",
        "uploads/s",
        "messages/s",
        "requests/s",
        "req/s",
        "queries/s",
    ),
    "read_qps": (
        "read qps",
        "read rps",
        "reads/s",
        "read/s",
        "read rate",
        "reads",
        "read throughput",
        "redirects/s",
        "redirections/s",
        "views/s",
        "lookups/s",
    ),
    "peak_write_qps": ("peak qps", "peak rps", "peak write qps", "peak writes/s", "peak writes"),
    "peak_read_qps": ("peak read qps", "peak reads/s", "peak reads", "peak read rps"),
    "fanout_qps": ("fanout", "fanout qps", "fanout rate", "deliveries/s", "fan out"),
    "peak_fanout_qps": (
        "peak fanout",
        "peak fan out",
        "peak fanout qps",
        "peak fanout rate",
        "peak deliveries/s",
        "fanout at peak",
    ),
    "concurrent_users": (
        "concurrent users",
        "users online",
        "online at once",
        "connected at once",
        "concurrent connections",
        "concurrent viewers",
        "concurrent streams",
        "concurrent drivers",
        "simultaneous users",
    ),
    "peak_concurrent_users": (
        "peak concurrent users",
        "peak concurrent connections",
        "peak connections",
        "connected at peak",
        "online at peak",
        "peak concurrent viewers",
        "peak concurrent streams",
        "peak concurrent drivers",
    ),
    "daily_active_users": ("dau", "daily active users", "daily users", "active users"),
    "storage_per_day": ("storage/day", "daily storage", "data/day", "new data/day"),
    "storage_per_month": ("storage/month", "monthly storage", "data/month"),
    "storage_per_year": ("storage/year", "yearly storage", "annual storage", "data/year"),
    "raw_storage_per_day": (
        "raw storage/day",
        "raw data/day",
        "storage/day before replication",
        "storage/day without replication",
    ),
    "raw_storage_per_year": (
        "raw storage/year",
        "raw data/year",
        "storage/year before replication",
        "storage/year without replication",
    ),
    "raw_storage_total": (
        "raw storage",
        "raw total storage",
        "storage before replication",
        "storage without replication",
        "storage without replicas",
    ),
    "catalogue_storage": (
        "catalogue",
        "catalog",
        "catalogue size",
        "catalog size",
        "catalogue storage",
        "catalog storage",
        "library size",
    ),
    "storage_total": (
        "storage",
        "total storage",
        "storage total",
        "disk",
        "disk space",
        "total data",
        "data",
        "storage needed",
    ),
    "ingress_bandwidth": (
        "bandwidth",
        "ingress",
        "ingress bandwidth",
        "write bandwidth",
        "incoming bandwidth",
        "upload bandwidth",
        "bandwidth in",
    ),
    "egress_bandwidth": (
        "egress",
        "egress bandwidth",
        "read bandwidth",
        "outgoing bandwidth",
        "download bandwidth",
        "bandwidth out",
    ),
    "peak_ingress_bandwidth": (
        "peak ingress",
        "peak ingress bandwidth",
        "peak write bandwidth",
        "peak upload bandwidth",
        "ingress at peak",
    ),
    "peak_egress_bandwidth": (
        "peak egress",
        "peak egress bandwidth",
        "peak read bandwidth",
        "peak download bandwidth",
        "peak outgoing bandwidth",
        "egress at peak",
    ),
    "cache_memory": ("cache", "cache size", "cache memory", "memory", "ram", "memory for cache"),
    "timeline_memory": (
        "timeline memory",
        "timeline cache",
        "timeline cache size",
        "memory for timelines",
        "timelines in memory",
        "feed cache",
        "feed memory",
    ),
    "servers": ("servers", "machines", "hosts", "server count", "number of servers", "instances"),
    "requests_in_flight": (
        "in flight",
        "requests in flight",
        "inflight",
        "concurrency",
        "concurrent requests",
    ),
    "connection_capacity": ("connections", "connection capacity", "total connections"),
    "max_rps": ("max rps", "max qps", "capacity", "throughput limit"),
    "retry_rps": ("retry load", "retry rps", "load with retries"),
}

_LOOKUP = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_PERIODS = [
    (r"\s*(?:/|\bper\b|\ba\b|\beach\b)\s*(?:second|sec|s)\b", "/s"),
    (r"\s*(?:/|\bper\b|\ba\b|\beach\b)\s*day\b", "/day"),
    (r"\s*(?:/|\bper\b|\ba\b|\beach\b)\s*month\b", "/month"),
    (r"\s*(?:/|\bper\b|\ba\b|\beach\b)\s*year\b", "/year"),
]


def normalize(text: str) -> str:
    """Lower case, single spaces, and "per second" written as "/s"."""
    text = re.sub(r"[_\-]+", " ", text.strip().lower()).strip(" ?.!:")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(?:the|my|our|total number of|number of)\s+", "", text)
    for pattern, replacement in _PERIODS:
        text = re.sub(pattern, replacement, text)
    return text


def resolve_result_name(text: str) -> str | None:
    """Map "qps", "writes per second", "storage per year", "Write QPS"... to a result name."""
    as_name = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if as_name in RESULT_NAMES:
        return as_name
    return _LOOKUP.get(normalize(text))
