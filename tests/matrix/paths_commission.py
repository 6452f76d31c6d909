"""Permission matrix rows: paths_commission."""

ROWS = {}
API_WRITES = []


def extend_world(world):
    pass
