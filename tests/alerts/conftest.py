"""Fixtures of the alerts tests: a path for each organisation and an API client."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PathProposalFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def proposal_a(org_a):
    return PathProposalFactory(organisation=org_a, trainee_reference="AB-2022-07")


@pytest.fixture
def proposal_b(org_b):
    return PathProposalFactory(organisation=org_b, trainee_reference="CD-2022-11")


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run the block and send the emails its transactions queued, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
