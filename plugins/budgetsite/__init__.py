"""budgetsite: publish Chinese departmental budget performance documents as a static site.

The core (model, load, collection, render, site) is plain Python and does not
import MkDocs; :mod:`budgetsite.mkdocs_plugin` adapts it to MkDocs.
"""

__version__ = "0.1.0"
