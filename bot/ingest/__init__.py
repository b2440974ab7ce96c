"""Getting records in: files followed as they grow, a drop folder for exports, one-shot imports."""
