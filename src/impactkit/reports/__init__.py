"""Reports: the documents IMPACT's users publish, built as one model and rendered to HTML,
PDF and Word.

* :mod:`~impactkit.reports.model` — the document model (sections, numbered paragraphs,
  tables, figures, notes), no formatting;
* :mod:`~impactkit.reports.national`, :mod:`~impactkit.reports.alternative`,
  :mod:`~impactkit.reports.follow_up`, :mod:`~impactkit.reports.comparative` — the four
  kinds, built from plain inputs (:mod:`~impactkit.reports.inputs`), no I/O, with the
  sections some kinds share in modules of their own:
  :mod:`~impactkit.reports.vulnerability_sections` (structural vulnerability and the
  hypothesis), :mod:`~impactkit.reports.determinant_sections` (key determinants),
  :mod:`~impactkit.reports.indicator_sections` (indicators beside the scores) and
  :mod:`~impactkit.reports.own_sections` (the assessing body's own recommendations);
* :mod:`~impactkit.reports.render_html` (Jinja2 and a print stylesheet),
  :mod:`~impactkit.reports.render_pdf` (WeasyPrint, from the same HTML) and
  :mod:`~impactkit.reports.render_docx` (python-docx), with the charts drawn by
  :mod:`~impactkit.reports.charts`.

The service layer (:mod:`impactkit.services.reports`) gathers the inputs and checks access.
"""
