"""Storage: one TinyDB JSON file, safe for many writers. No textual, no rich.

Import what you use from its modules (okrtui.storage.repository, .errors): importing the package
itself imports nothing, so `okrtui.storage.errors` does not pull in every operation."""
