"""Moving workspace data in and out, without touching the database.

- :mod:`~impactkit.exchange.datapackage`: a whole workspace as a Frictionless Data Package
  (``export_datapackage``, ``read_datapackage``), lossless both ways.
- :mod:`~impactkit.exchange.tabular`: findings, actors, evidence and indicator values from CSV
  or XLSX files filled in by people (``read_findings_table`` and friends).

Readers validate the whole input and either return all of it or raise
:class:`~impactkit.errors.ImportRejected` with every problem (file, row, column, reason); the
service layer then writes the result in one transaction.
"""
