"""Named sets of inputs. `baseline` is the project's reference cluster."""

from __future__ import annotations

from dataclasses import dataclass

from coach.errors import CoachError, did_you_mean


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    inputs: dict[str, str]


PRESETS: dict[str, Preset] = {
    "baseline": Preset(
        "baseline",
        "the reference cluster: 10 nodes x 1024 MB, 1,000 requests/s of 1 KB, 16 connections "
        "per node, 65 ms target, 536 KB max payload, 64 KB buffers, 20% coordination, 1 retry",
        {
            "nodes": "10",
            "ram_per_node": "1024 MB",
            "rps": "1000/s",
            "message_size": "1 KB",
            "connections_per_node": "16",
            "target_latency": "65 ms",
            "max_payload": "536 KB",
            "buffer_size": "64 KB",
            "coordination_overhead": "20%",
            "retries": "1",
        },
    ),
}


def preset(name: str) -> Preset:
    """A preset by name; CoachError with "did you mean" for an unknown one."""
    if name not in PRESETS:
        choices = ", ".join(PRESETS)
        raise CoachError(
            f"unknown preset '{name}'{did_you_mean(name, PRESETS)} (choose: {choices})"
        )
    return PRESETS[name]
