"""Property-based fuzzing of every parser: each input parses or is rejected with a clear error."""
