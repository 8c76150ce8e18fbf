"""newsindex: turn news reporting into searchable, exportable evidence."""

__version__ = "0.1.0"
