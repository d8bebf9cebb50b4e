"""Python's cyclic garbage collector, paused around work that makes many objects in no cycle.

The engines make millions of small lists and tuples, none in a cycle: with
the collector on, it rescans every pending request again and again (a third
of the run time when a tier has a backlog). Loading numpy, pydantic and the
design models for one `coach simulate` makes some 70,000 more, rescanned a
hundred times over. Reference counting still frees everything; the collector
comes back, as it was, at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and back as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # what the block made and kept (numpy, pydantic, the design models) joins the
            # oldest generation as it is: back on, the collector would otherwise scan it
            # all at the next allocation, as the young objects it has not seen yet (not
            # when the program froze objects of its own: unfreezing would hand them back)
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
