"""What readers see: reader tables, charts, findings sentences, report helpers for the notebooks,
the reader's HTML page of a notebook and its template, and the landing page (index) with search.

Modules: pubtable (formatted tables), report (region helpers and notebook display), plots, findings,
views (the notebooks' tables), pages (notebook to HTML), index (the landing page); templates/.

May import: `povlib.analysis`, `povlib.catalog`, `povlib.base`, `povlib.exceptions`.
"""
