"""Turning counts and answers into figures a reader may see, with no web app needed.

The Flask-free half of the findings: tallies (``stats``), small-number suppression
(``suppression``), redaction of quotes (``redact``), charts as SVG (``charts``), the
significance test for change between periods (``significance``) and CSV/XLSX writers no
spreadsheet runs as formulas (``exports``), with the findings tables they hold
(``findings_export``). The web app
(``survey.workspace``) reads the database and renders pages; the arithmetic lives here, so a
script or a benchmark gets the same figures as the page.
"""
