"""The package under test is the installed wheel, not the source tree."""

import sentio


def test_imports_the_installed_wheel():
    assert "site-packages" in sentio.__file__
    assert sentio._sentio.__file__.endswith("_sentio.so")
