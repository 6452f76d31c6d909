"""Permission matrix rows: paths_funding."""

ROWS = {}
API_WRITES = []


def extend_world(world):
    pass
