"""The web application: server-rendered pages (FastAPI + Jinja2 + htmx) and a JSON API, both
thin views over :mod:`impactkit.services`. Routes never import SQLAlchemy."""
