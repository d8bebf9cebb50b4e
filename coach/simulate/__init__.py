"""Design model, queueing engine, analytic formulas and the simulation report."""
