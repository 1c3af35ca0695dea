"""Storage: one TinyDB JSON file, safe for many writers. No textual, no rich."""

from okrtui.storage.errors import DatabaseError
from okrtui.storage.repository import Repository

__all__ = ["DatabaseError", "Repository"]
