"""IMPACT: assess how a public administration implements the CRC in practice.

The package is organised as a concept map: ``catalogue`` holds the methodology as data,
``store`` persists workspaces, ``analysis`` turns findings into scores and gaps (pure
functions), ``exchange`` moves data in and out, ``demo`` builds the fictional demo
jurisdiction, ``services`` ties them together, and ``cli`` is a thin shell over services.
"""

__version__ = "0.1.0"
