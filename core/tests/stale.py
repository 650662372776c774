"""Helpers of the stale-edit tests: read the version a page's form carries."""

import re

VERSION_INPUT = re.compile(r'<input[^>]*name="_version"[^>]*>')
VALUE = re.compile(r'value="(\d*)"')


def loaded_version(response) -> str:
    """Return the hidden ``_version`` of the (single) edit form on a page."""
    assert response.status_code == 200, response.status_code
    inputs = VERSION_INPUT.findall(response.content.decode())
    assert len(inputs) == 1, inputs
    found = VALUE.search(inputs[0])
    return found.group(1) if found else ""
