"""The docstrings' examples run as written."""

import doctest

import vnanalyze
import vnanalyze._frames


def test_docstring_examples():
    for module in (vnanalyze, vnanalyze._frames):
        result = doctest.testmod(module, extraglobs={"vnanalyze": vnanalyze}, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0
