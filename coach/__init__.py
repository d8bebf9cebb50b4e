"""coach: an offline command-line coach for system design interviews."""

__version__ = "0.1.0"
