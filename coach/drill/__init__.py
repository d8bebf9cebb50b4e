"""Five-minute drills: question templates, the latency table, log-scale scoring.

Domain modules only, except `terminal`, the drill's terminal face.
"""
