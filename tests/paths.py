"""Where the suite lives and what it ships, for the suite tests (a module of its own: the
conftest modules of tests/ and tests/security/ share a name, so tests never import them)."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ADDONS = [
    "onestop_base",
    "onestop_workflow",
    "onestop_portal",
    "onestop_reports",
    "onestop_hall",
    "onestop_sync",
    "onestop_digital",
]
