"""Back-of-the-envelope maths with units: quantities, the calculator, the estimate engine.

Nothing here imports pint at module level: the registry is built on first use
(`coach.estimate.units.registry`), so `coach --help` never pays for it.
"""
