"""Permission matrix rows: paths_proposals."""

ROWS = {}
API_WRITES = []


def extend_world(world):
    pass
