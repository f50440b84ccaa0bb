"""The parts of the expectations page: step forms, terms, timeline, evidence, measurements."""
