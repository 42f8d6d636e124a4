# The session's one Chromium and the artifacts folder, shared with the agent UI's browser tests.
from samadhan.ui.tests.e2e.conftest import artifacts, browser

__all__ = ["artifacts", "browser"]
