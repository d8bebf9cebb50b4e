"""Progress over time: aggregation of sessions and drills, weakest areas, what to do next.

Pure domain: these modules take records and the problem bank and return typed
results; `coach stats` renders them.
"""
