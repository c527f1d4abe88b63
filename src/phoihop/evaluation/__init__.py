"""The yearly evaluation of each regulation: a read model across domains, fed by the sources each domain app
registers in its own `evaluation.py` (see sources.py). It imports no domain app that registers a source."""
