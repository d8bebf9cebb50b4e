"""The design file format (`schema` of `coach simulate` files and of a problem's
`reference_design`). A typed model: the engine, the checks and the session
flow work on these objects, never on raw YAML.

Field names here are a file format users write: extend, never rename.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Kind(str, Enum):
    LOAD_BALANCER = "load_balancer"
    SERVICE = "service"
    CACHE = "cache"
    DATABASE = "database"
    QUEUE = "queue"
    CDN = "cdn"


class Routing(str, Enum):
    ROUND_ROBIN = "round_robin"
    RANDOM = "random"
    LEAST_CONNECTIONS = "least_connections"
    POWER_OF_TWO = "power_of_two"


class Dist(str, Enum):
    EXPONENTIAL = "exponential"
    CONSTANT = "constant"
    LOGNORMAL = "lognormal"


PositiveFloat = Annotated[float, Field(gt=0)]
Share = Annotated[float, Field(ge=0, le=1)]


# A lognormal's p99 is at most e^(z^2/2) ~ 14.9 times its mean (z = 2.326).
MAX_LOGNORMAL_TAIL = 14.9


class ServiceTime(_Strict):
    """How long one node takes to serve one request, in milliseconds.

    lognormal without `p99` takes p99 = 4 x mean.
    """

    mean: PositiveFloat
    dist: Dist = Dist.EXPONENTIAL
    p99: PositiveFloat | None = Field(
        default=None, description="lognormal only: the 99th percentile, shapes the tail"
    )

    @model_validator(mode="after")
    def _p99_fits(self) -> ServiceTime:
        if self.p99 is not None:
            if self.dist is not Dist.LOGNORMAL:
                raise ValueError("p99 applies only to dist: lognormal")
            if self.p99 <= self.mean:
                raise ValueError("p99 must be greater than mean")
            if self.p99 > MAX_LOGNORMAL_TAIL * self.mean:
                raise ValueError(
                    f"p99 can be at most {MAX_LOGNORMAL_TAIL} x mean for a lognormal "
                    f"(got {self.p99 / self.mean:.1f} x)"
                )
        return self


class ConstantPattern(_Strict):
    kind: Literal["constant"] = "constant"


class SpikePattern(_Strict):
    """Load multiplied by `factor` from `start_s` for `length_s` seconds."""

    kind: Literal["spike"]
    factor: PositiveFloat
    start_s: Annotated[float, Field(ge=0)]
    length_s: PositiveFloat


class RampPattern(_Strict):
    """Load rising linearly from `rps` to `to_rps` over the run."""

    kind: Literal["ramp"]
    to_rps: PositiveFloat


Pattern = Annotated[ConstantPattern | SpikePattern | RampPattern, Field(discriminator="kind")]


class Load(_Strict):
    rps: PositiveFloat
    read_ratio: Share = 1.0
    pattern: Pattern = Field(default_factory=ConstantPattern)
    message_kb: PositiveFloat | None = Field(
        default=None, description="average request size, for the bandwidth figure"
    )
    share: str | None = Field(
        default=None,
        description="which part of the problem's traffic this load is, in words "
        '("one region"), for the screens that relate it to the estimate',
    )


class Slo(_Strict):
    p99_ms: PositiveFloat


class Traffic(str, Enum):
    """Which requests a component sees when it is called."""

    ALL = "all"
    READS = "reads"
    WRITES = "writes"


class Component(_Strict):
    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    kind: Kind
    nodes: Annotated[int, Field(ge=1)] = 1
    concurrency: Annotated[int, Field(ge=1)] = 1
    queue_limit: Annotated[int, Field(ge=0)] | None = None
    service_ms: ServiceTime
    routing: Routing = Routing.ROUND_ROBIN
    hit_ratio: Share | None = Field(default=None, description="cache and cdn only")
    replicas: Annotated[int, Field(ge=0)] = Field(
        default=0, description="database only: read replicas that share the reads"
    )
    calls: list[str] = Field(default_factory=list, description="components called next, in order")
    availability: Annotated[float, Field(gt=0, le=1)] = 0.999
    label: str | None = Field(default=None, description="display name in diagrams")
    traffic: Traffic | None = Field(
        default=None,
        description="requests this component sees when called; default: writes for a "
        "queue (reads make no asynchronous work), all for the rest",
    )
    coordination_overhead: Annotated[float, Field(ge=0, lt=1)] | None = Field(
        default=None, description="overrides the design's coordination_overhead"
    )
    keeps_writes: bool = Field(
        default=False,
        description="cache only: writes end here (a timeline cache that fan-out workers "
        "fill) instead of passing through to what it calls",
    )

    @property
    def sees(self) -> Traffic:
        if self.traffic is not None:
            return self.traffic
        return Traffic.WRITES if self.kind is Kind.QUEUE else Traffic.ALL

    @model_validator(mode="after")
    def _kind_fields(self) -> Component:
        if self.hit_ratio is not None and self.kind not in (Kind.CACHE, Kind.CDN):
            raise ValueError("hit_ratio applies only to kind cache or cdn")
        if self.replicas and self.kind is not Kind.DATABASE:
            raise ValueError("replicas applies only to kind database")
        if self.keeps_writes and self.kind is not Kind.CACHE:
            raise ValueError("keeps_writes applies only to kind cache")
        return self


class Fault(_Strict):
    """`nodes` nodes of `component` down from `at_s` for `for_s` seconds.

    For a database `nodes` counts primaries and `replicas` read replicas.
    """

    component: str
    nodes: Annotated[int, Field(ge=0)] = 1
    at_s: Annotated[float, Field(ge=0)] = 0.0
    for_s: PositiveFloat
    replicas: Annotated[int, Field(ge=0)] = 0

    @model_validator(mode="after")
    def _takes_something_down(self) -> Fault:
        if self.nodes == 0 and self.replicas == 0:
            raise ValueError("nodes should be at least 1 (or name replicas)")
        return self


class Retry(_Strict):
    """The client's retries: `attempts` more tries after the first one fails."""

    attempts: Annotated[int, Field(ge=0, le=10)] = 0
    timeout_ms: PositiveFloat
    backoff_ms: Annotated[float, Field(ge=0)] = 0.0


class Design(_Strict):
    """A system design the simulator can run."""

    name: str | None = None
    description: str | None = None
    load: Load
    slo: Slo | None = Field(default=None, description="no slo: no SLO verdict")
    entry: str | None = Field(
        default=None, description="the component requests enter; default: the first"
    )
    components: Annotated[list[Component], Field(min_length=1)]
    faults: list[Fault] = Field(default_factory=list)
    retry: Retry | None = None
    coordination_overhead: Annotated[float, Field(ge=0, lt=1)] = 0.0

    def component(self, name: str) -> Component:
        for comp in self.components:
            if comp.name == name:
                return comp
        raise KeyError(name)

    @property
    def entry_component(self) -> Component:
        return self.component(self.entry) if self.entry else self.components[0]
