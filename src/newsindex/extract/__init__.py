"""Text -> record: pure functions over text. No I/O here beyond reading packaged data tables."""
