"""The portal's views, one module per page family. Each parses input with a form, calls the
domain (directory, knowledge, triage, cases) and renders; no business rule lives here."""
