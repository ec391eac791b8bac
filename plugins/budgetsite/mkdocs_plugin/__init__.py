"""The MkDocs adapter: the only part of budgetsite that imports MkDocs."""
