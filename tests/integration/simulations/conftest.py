"""Each simulation test keeps its populations in a data folder of its own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path
