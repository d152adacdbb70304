"""Where the tests find the data and the CLI they compare against (set by python_package_test.sh)."""

import os
import pathlib
import subprocess

import pytest


@pytest.fixture(scope="session")
def data():
    return pathlib.Path(os.environ["SENTIO_DATA"])


@pytest.fixture(scope="session")
def cli():
    """Runs the `sentio` command line; returns its standard output."""
    binary = os.environ["SENTIO_CLI"]

    def run(*args):
        return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout

    return run
