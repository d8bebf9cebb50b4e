"""The four-phase interview: state machine, matching, scoring, feedback, storage."""
