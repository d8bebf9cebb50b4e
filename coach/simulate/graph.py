"""The station graph: which stations requests go to after which.

Stations are grouped into steps that follow call order. A step is one
station, or several that requests go back and forth between (two caches in
front of one database: cache, database, cache, database), which must be
simulated together, visit by visit.
"""

from __future__ import annotations

from coach.simulate.topology import Route, RouteTable, Topology


def station_groups(topology: Topology) -> list[list[int]]:
    """Stations grouped into call-order steps.

    A step is one station, or a set of stations requests go back and forth
    between (two caches in front of one database): those are simulated
    together, visit by visit, in time order.
    """
    edges: dict[int, set[int]] = {st.index: set() for st in topology.stations}
    for route in all_routes(topology.table):
        for a, b in zip(route.stations, route.stations[1:], strict=False):
            edges[a].add(b)
        for pos, tables in route.forks.items():
            for table in tables:
                for sub in table.routes:
                    if sub.stations:
                        edges[route.stations[pos]].add(sub.stations[0])
    return _condensation(edges)


def _condensation(edges: dict[int, set[int]]) -> list[list[int]]:
    """Strongly connected components in topological order (Tarjan, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    components: list[list[int]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    components.reverse()  # Tarjan finds sinks first
    return components


def all_routes(table: RouteTable) -> list[Route]:
    """Every route of a table and of the tables its forks start, each once."""
    found: list[Route] = []
    seen: set[int] = set()
    stack = [table]
    while stack:
        current = stack.pop()
        for route in current.routes:
            if id(route) not in seen:
                seen.add(id(route))
                found.append(route)
                for tables in route.forks.values():
                    stack.extend(tables)
    return found
