"""Permission matrix rows for the alerts app."""

ROWS = {}
API_WRITES = []


def extend_world(world):
    pass
