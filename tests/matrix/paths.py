"""Permission matrix rows for the paths app."""

ROWS = {}
API_WRITES = []


def extend_world(world):
    pass
